// A fresh consumer project for the bundle tests: a temp folder whose node_modules/simdnet links to
// this repository (so bundlers resolve `simdnet` through package.json "exports", as for an installed
// package), an app that trains in the page, and a run of the built page in headless Chromium served
// cross-origin isolated (COOP/COEP, examples/browser/serve.ts), which reports what it ran on.
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, pageWithErrors } from '../runtimes/browser.js';
import { startServer } from '../../examples/browser/serve.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * What the page trains: 256 features (so each dense GEMM, 64·256·256 multiply-adds, is split across
 * the pool's threads), two classes by the sign of the sum of the first two features, 4 epochs.
 * `readyOptions` is the literal source of ready()'s argument.
 */
export function appSource(readyOptions: string): string {
  return `import { ready, sequential, dense, adam, tensor } from 'simdnet';

const report = (r) => { window.bundleReport = r; };
try {
  const m = await ready(${readyOptions});
  const n = 512, d = 256;
  const x = new Float32Array(n * d), y = new Int32Array(n);
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = rand();
    y[i] = x[i * d] + x[i * d + 1] > 0 ? 1 : 0;
  }
  const model = sequential({ seed: 1, layers: [dense({ units: 256, activation: 'relu', inputShape: [d] }), dense({ units: 2, activation: 'softmax' })] });
  model.compile({ optimizer: adam({ learningRate: 0.003 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const h = await model.fit(tensor(x, [n, d]), tensor(y, [n]), { batchSize: 64, epochs: 6, verbose: 0, seed: 1 });
  report({ build: m.build, loadedBy: m.loadedBy, threads: m.pool ? m.pool.threads : 1, cores: navigator.hardwareConcurrency,
           isolated: crossOriginIsolated, loss: h.history.loss, accuracy: h.history.accuracy });
} catch (e) {
  report({ error: String(e && e.stack || e) });
}
`;
}

export interface PageReport {
  build: string;
  loadedBy: string;
  threads: number;
  cores: number;
  isolated: boolean;
  loss: number[];
  accuracy: number[];
}

/** A temp consumer folder with node_modules/simdnet -> this repository; remove it with `dispose`. */
export function consumer(): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'simdnet-consumer-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO, join(dir, 'node_modules', 'simdnet'), 'dir');
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The page: no favicon request (a 404 would count as an error), the app as a module script. */
export function pageHtml(script: string): string {
  return `<!doctype html><link rel="icon" href="data:,"><script type="module" src="${script}"></script>`;
}

export function write(dir: string, file: string, text: string): void {
  writeFileSync(join(dir, file), text);
}

/** Serves `root` cross-origin isolated, opens `page` in Chromium and returns the app's report. */
export async function runPage(root: string, page: string): Promise<{ report: PageReport; requests: string[] }> {
  const { server, url } = await startServer(0, root.endsWith(sep) ? root : root + sep);
  const browser = await launchChromium();
  try {
    const { page: p, errors } = await pageWithErrors(browser);
    const requests: string[] = [];
    p.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await p.goto(url + page);
    await p.waitForFunction(() => (window as unknown as { bundleReport?: unknown }).bundleReport, null, { timeout: 90_000 });
    const report = await p.evaluate(() => (window as unknown as { bundleReport: PageReport & { error?: string } }).bundleReport);
    if (report.error) throw new Error(`in the page: ${report.error}`);
    assert.equal(errors, [], 'no console errors, failed requests or uncaught exceptions');
    return { report, requests };
  } finally {
    await browser.close();
    server.close();
  }
}

/** The page trained for real, on every core the browser reports (it is cross-origin isolated). */
export function checkTrained(report: PageReport): void {
  assert.ok(report.isolated, 'the page is cross-origin isolated');
  assert.is(report.threads, report.cores, `threads ${report.threads} = navigator.hardwareConcurrency ${report.cores}`);
  assert.ok(report.loss.every(Number.isFinite), `finite losses ${report.loss}`);
  assert.ok(report.loss[report.loss.length - 1] < 0.6 * report.loss[0], `loss fell: ${report.loss.map((l) => l.toFixed(3))}`);
  assert.ok(report.accuracy[report.accuracy.length - 1] > 0.8, `training accuracy ${report.accuracy}`);
}
