import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSearchArgs, runSearchCli } from '../../src/cli/search.js';
import { formatDuration } from '../../src/search/report.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-cli-'));
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const custom = ['--objective', `${here('./objectives.js')}#busyQuadratic`, '--space', `${here('./cli-fixture.js')}#space`];

async function run(argv: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await runSearchCli(argv, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

test('a custom objective: progress lines, results table, best configuration, HTML report', async () => {
  const report = join(dir, 'r.html');
  const { code, text } = await run([...custom, '--max-evals', '12', '--report', report, '--algo', 'random', '--pruner', 'none']);
  assert.is(code, 0);
  assert.match(text, /trial 1\/12  best [0-9.e-]+  elapsed [0-9.]+s  ETA /);
  assert.match(text, /trial 12\/12 /);
  assert.match(text, /\| rank \| trial \| loss \| time \| configuration \|/);
  assert.match(text, /12 ok, 0 pruned, 0 failed/);
  assert.match(text, /best configuration \(loss [0-9.e-]+\):\n\{\n  "x": /);
  const html = readFileSync(report, 'utf8');
  assert.match(html, /<svg /);
  assert.is((html.match(/<circle /g) ?? []).length, 12);
});

test('parallel trials and a journal that resumes', async () => {
  const journal = join(dir, 'j.jsonl');
  const report = join(dir, 'p.html');
  assert.is((await run([...custom, '--max-evals', '6', '--parallelism', '2', '--journal', journal, '--report', report, '--quiet'])).code, 0);
  const { text } = await run([...custom, '--max-evals', '9', '--journal', journal, '--report', report]);
  assert.match(text, /trial 7\/9 /);
  assert.match(text, /9 ok, 0 pruned, 0 failed/);
  assert.ok(existsSync(report));
});

test('usage errors exit 2 with the help; --help exits 0', async () => {
  for (const argv of [['--max-evals', '0'], ['--algo', 'bayes'], ['--bogus'], ['--objective', 'x.js#f'], ['--seed']]) {
    const { code, text } = await run(argv);
    assert.is(code, 2, argv.join(' '));
    assert.match(text, /Usage: simdnet search/);
  }
  assert.is((await run(['--help'])).code, 0);
  assert.equal(parseSearchArgs(['--max-evals', '7', '--preset', 'full'])?.maxEvals, 7);
});

test('the default search: the seed MNIST space trains real simdnet models (tiny preset)', async () => {
  const report = join(dir, 'mnist.html');
  const { code, text } = await run(['--preset', 'tiny', '--max-evals', '2', '--report', report, '--quiet']);
  assert.is(code, 0, text);
  const best = JSON.parse(text.slice(text.indexOf('{', text.indexOf('best configuration')), text.indexOf('\nreport:')));
  assert.ok(Number.isInteger(best.units1) && best.units1 >= 64 && best.units1 <= 1024, JSON.stringify(best));
  assert.ok(['rmsprop', 'adam', 'sgd'].includes(best.optimizer));
  const loss = Number(/best configuration \(loss (-?[0-9.e-]+)\)/.exec(text)![1]);
  assert.ok(loss < -0.5, `validation accuracy ${-loss} after 2 epochs on 1000 images`);
  assert.match(readFileSync(report, 'utf8'), /MNIST MLP, preset tiny/);
});

test('durations read naturally', () => {
  assert.equal([0.123, 4.56, 42, 65, 3725, NaN].map(formatDuration), ['0.12s', '4.6s', '42s', '1m05s', '1h02m', '?']);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
