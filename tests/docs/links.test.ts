// Every relative link in README.md and docs/*.md must point at a file of the repository, and every
// `#anchor` at a heading of that file (GitHub's slugs: lowercase, punctuation dropped, spaces to
// hyphens, repeats numbered -1, -2, ...). External links (http, mailto) are not fetched: CI is offline.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Markdown without fenced code blocks and inline code (links inside them are not links). */
function prose(md: string): string {
  return md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The anchors GitHub generates for a file's headings (github-slugger's rule). */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of md.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function docFiles(): string[] {
  const docs = join(root, 'docs');
  const files = [join(root, 'README.md')];
  if (existsSync(docs)) for (const f of readdirSync(docs)) if (f.endsWith('.md')) files.push(join(docs, f));
  return files;
}

test('github slugs as GitHub makes them', () => {
  const a = anchors('# The main job: `npm start` / `simdnet train`\n## Evidence: MNIST with 1,000 training images\n## A\n## A\n');
  assert.equal([...a], ['the-main-job-npm-start--simdnet-train', 'evidence-mnist-with-1000-training-images', 'a', 'a-1']);
});

test('relative links in README.md and docs/ resolve to files and headings', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const file of docFiles()) {
    const md = readFileSync(file, 'utf8');
    for (const m of prose(md).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      checked++;
      const [path, anchor] = target.split('#');
      const dest = path === '' ? file : join(dirname(file), decodeURIComponent(path));
      const where = `${relative(root, file)}: (${target})`;
      if (!existsSync(dest)) {
        broken.push(`${where}: no file ${relative(root, dest)}`);
        continue;
      }
      if (anchor !== undefined && !(statSync(dest).isFile() && dest.endsWith('.md') && anchors(readFileSync(dest, 'utf8')).has(anchor))) {
        broken.push(`${where}: no heading #${anchor} in ${relative(root, dest)}`);
      }
    }
  }
  assert.ok(checked > 20, `only ${checked} relative links found: is the link pattern still right?`);
  assert.equal(broken, [], `broken links:\n${broken.join('\n')}`);
});

test.run();
