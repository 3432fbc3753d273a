// The runtime matrix (issue 7): runs tests/runtimes/smoke.ts in Node (this one, plus any listed in
// SIMDNET_NODES), Deno, Bun (their binaries come from the pinned devDependencies) and headless
// Chromium (/usr/bin/chromium), and checks in each: the GEMM within its error bound, the MLP's test
// accuracy, and — on the plain build, which every runtime can run — weights, losses and GEMM output
// bit-identical to this Node's. The default build each runtime picks is reported (relaxed SIMD may
// round differently: Bun does not fuse relaxed_madd, so its relaxed results equal plain's).
// Where there is a file system (Node, Deno, Bun) the save/load round trips run too (fileRoundTrip.ts).
// `npm test` skips a runtime that is missing; `npm run test:runtimes` (SIMDNET_REQUIRE_RUNTIMES=1)
// fails instead.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildReport, SmokeReport } from './smoke.js';
import type { FileReport } from './fileRoundTrip.js';

type Report = SmokeReport & { files?: FileReport };
import { CHROMIUM, chromiumPresent, launchChromium, pageWithErrors } from './browser.js';
import { startServer } from '../../examples/browser/serve.js';

const REQUIRE = process.env.SIMDNET_REQUIRE_RUNTIMES === '1';
const MAIN = fileURLToPath(new URL('./smokeMain.js', import.meta.url));
const modulePath = (p: string) => fileURLToPath(new URL(`../../../node_modules/${p}`, import.meta.url));
const ACCURACY = 0.9; // a 4-class problem: chance is 0.25; Node 20 reaches 0.947 in 8 epochs

interface Runtime {
  name: string;
  present: boolean;
  missing: string;
  run: () => Promise<Report>;
}

/** Runs smokeMain (or a bundle) with an empty temp folder for the file round trip (args get `{dir}` replaced). */
async function runWithDir(cmd: string, args: string[]): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-files-'));
  try {
    const report = await runChild(cmd, args.map((a) => a.replaceAll('{dir}', dir)));
    assert.ok(report.files, `${cmd}: no file round trip in the report`);
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(cmd: string, args: string[]): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SIMDNET_WASM: '' }, timeout: 120_000 });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('SMOKE '));
      if (code !== 0 || !line) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${out}\n${err}`));
      else resolve(JSON.parse(line.slice(6)));
    });
  });
}

async function runChromium(): Promise<SmokeReport> {
  const { server, url } = await startServer(0);
  const browser = await launchChromium();
  try {
    const { page, errors } = await pageWithErrors(browser);
    await page.goto(`${url}tests/runtimes/smoke.html`);
    await page.waitForFunction(() => (window as any).smokeReport || (window as any).smokeError, null, { timeout: 90_000 });
    const { report, error } = await page.evaluate(() => ({ report: (window as any).smokeReport, error: (window as any).smokeError }));
    if (error) throw new Error(`in the page: ${error}`);
    assert.equal(errors, [], 'no console errors');
    return report as SmokeReport;
  } finally {
    await browser.close();
    server.close();
  }
}

// A bundler's view: `deno bundle` (esbuild inside) turns smoke.ts and simdnet into one file in another
// folder, where the package's own `new URL('../../build/…')` no longer points at the wasm, so the
// entry passes ready({ url }) to a copy of the plain build beside the bundle, as a bundler user would.
async function runBundled(): Promise<SmokeReport> {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-bundle-'));
  try {
    copyFileSync(fileURLToPath(new URL('../../../build/simdnet.plain.wasm', import.meta.url)), join(dir, 'simdnet.plain.wasm'));
    const entry = join(dir, 'entry.js');
    writeFileSync(
      entry,
      `import { ready } from ${JSON.stringify(pathToFileURL(fileURLToPath(new URL('../../src/index.js', import.meta.url))).href)};\n` +
        `import { smoke } from ${JSON.stringify(pathToFileURL(fileURLToPath(new URL('./smoke.js', import.meta.url))).href)};\n` +
        `await ready({ url: new URL('./simdnet.plain.wasm', import.meta.url) });\n` +
        'console.log(`SMOKE ${JSON.stringify(await smoke())}`);\n',
    );
    await new Promise<void>((resolve, reject) => {
      const child = spawn(deno, ['bundle', '--quiet', '--platform', 'browser', '-o', join(dir, 'bundle.js'), entry], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
      let err = '';
      child.stderr.on('data', (c) => (err += c));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`deno bundle exited ${code}: ${err}`))));
    });
    const bundle = readFileSync(join(dir, 'bundle.js'), 'utf8');
    assert.not.match(bundle, /\bfrom\s*["'](file:|\/|\.)/, 'the bundle still imports modules from disk');
    return await runChild(process.execPath, [join(dir, 'bundle.js')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const deno = modulePath('@deno/linux-x64-glibc/deno');
const bun = modulePath('@oven/bun-linux-x64/bin/bun');
const extraNodes = (process.env.SIMDNET_NODES ?? '').split(delimiter).filter(Boolean);
const runtimes: Runtime[] = [
  ...extraNodes.map((p) => ({ name: `node at ${p}`, present: existsSync(p), missing: `${p} (from SIMDNET_NODES) does not exist`, run: () => runWithDir(p, [MAIN, '{dir}']) })),
  { name: 'deno', present: existsSync(deno), missing: `${deno} is missing: npm ci installs @deno/linux-x64-glibc (Linux x64 only)`, run: () => runWithDir(deno, ['run', '--allow-read', '--allow-write={dir}', MAIN, '{dir}']) },
  { name: 'bun', present: existsSync(bun), missing: `${bun} is missing: npm ci installs @oven/bun-linux-x64 (Linux x64 only)`, run: () => runWithDir(bun, [MAIN, '{dir}']) },
  { name: 'bundled by deno bundle, run in node', present: existsSync(deno), missing: `${deno} is missing (deno bundle builds the bundle)`, run: runBundled },
  { name: 'chromium', present: chromiumPresent(), missing: `${CHROMIUM} is missing: apt-get install chromium`, run: runChromium },
];

const pick = ({ gemmHash, weightsHash, lossHash }: BuildReport) => ({ gemmHash, weightsHash, lossHash });

function checkReport(r: Report): void {
  if (r.files) assert.equal(r.files, { simdnet: true, tfjs: true }, `${r.runtime}: a saved model did not load back with the same predictions`);
  for (const b of r.builds) {
    assert.ok(b.gemmErrorRatio <= 1, `${r.runtime} ${b.build}: GEMM error ${b.gemmErrorRatio} x its bound`);
    assert.ok(b.accuracy >= ACCURACY, `${r.runtime} ${b.build}: MLP test accuracy ${b.accuracy} < ${ACCURACY} (losses ${b.losses})`);
    assert.ok(b.losses[b.losses.length - 1] < b.losses[0] / 2, `${r.runtime} ${b.build}: loss did not fall (${b.losses})`);
  }
}

let reference: Report;

test(`node ${process.versions.node} (reference)`, async () => {
  reference = await runWithDir(process.execPath, [MAIN, '{dir}']);
  checkReport(reference);
  const builds = reference.builds.map((b) => b.build).join(', ');
  console.log(`  ${reference.runtime}: default build ${reference.defaultBuild} (loaded by ${reference.loadedBy}); ran ${builds}; save/load round trips exact`);
});

for (const rt of runtimes) {
  if (!rt.present && !REQUIRE) {
    console.log(`  skipped ${rt.name}: ${rt.missing} (npm run test:runtimes requires it)`);
    test.skip(rt.name, () => {});
    continue;
  }
  test(rt.name, async () => {
    assert.ok(rt.present, rt.missing);
    const r = await rt.run();
    checkReport(r);
    const plain = r.builds.find((b) => b.build === 'plain') as BuildReport;
    const refPlain = reference.builds.find((b) => b.build === 'plain') as BuildReport;
    assert.equal(pick(plain), pick(refPlain), `${r.runtime} plain build: GEMM/weights/loss hashes differ from ${reference.runtime}'s`);
    const relaxed = r.builds.find((b) => b.build === 'relaxed');
    const refRelaxed = reference.builds.find((b) => b.build === 'relaxed');
    const note = !relaxed ? '' : !refRelaxed ? '; relaxed not run by the reference' : JSON.stringify(pick(relaxed)) === JSON.stringify(pick(refRelaxed)) ? `; relaxed bit-identical to ${reference.runtime}` : relaxed && JSON.stringify(pick(relaxed)) === JSON.stringify(pick(plain)) ? '; relaxed equals plain here (relaxed_madd not fused)' : '; relaxed differs from the reference';
    console.log(`  ${rt.name} (${r.runtime}): default build ${r.defaultBuild} (loaded by ${r.loadedBy}); plain bit-identical to ${reference.runtime}${note}${r.files ? '; save/load round trips exact' : ''}`);
  });
}

test.run();
