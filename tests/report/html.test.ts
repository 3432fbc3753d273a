// The HTML report: inlines uPlot (JS and CSS) so it opens offline, carries the history as JSON,
// groups metrics into charts, escapes text, and its scripts parse.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport, writeReport, chartsFor } from '../../src/report/index.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-report-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const data = {
  title: 'mnist_mlp <run 1>',
  history: { loss: [0.5, 0.25, NaN], accuracy: [0.9, 0.95, 0.96], val_loss: [0.3, 0.2, 0.21], val_accuracy: [0.91, 0.96, 0.97], learning_rate: [1e-3, 1e-3, 5e-4] },
  summary: { 'test accuracy': '98.31%', 'time per epoch': '6.2 s' },
  config: { optimizer: 'rmsprop', epochs: 3 },
};

function scripts(html: string): string[] {
  return [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

test('inlines the uPlot library and CSS: no external references', async () => {
  const html = await renderReport(data);
  const js = readFileSync('node_modules/uplot/dist/uPlot.iife.min.js', 'utf8');
  const css = readFileSync('node_modules/uplot/dist/uPlot.min.css', 'utf8');
  assert.ok(html.includes(js), 'uPlot JS inlined verbatim');
  assert.ok(html.includes(css), 'uPlot CSS inlined verbatim');
  assert.not.match(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!github\.com)/);
});

test('carries the history as JSON (NaN as null), 1-based epochs, and charts grouped by metric', async () => {
  const html = await renderReport(data);
  const json = JSON.parse(scripts(html)[1]);
  assert.equal(json.epochs, [1, 2, 3]);
  assert.equal(json.series.loss, [0.5, 0.25, null]);
  assert.equal(json.series.val_accuracy, [0.91, 0.96, 0.97]);
  assert.equal(json.charts, [
    { title: 'loss', keys: ['loss', 'val_loss'] },
    { title: 'accuracy', keys: ['accuracy', 'val_accuracy'] },
    { title: 'learning_rate', keys: ['learning_rate'] },
  ]);
  assert.equal(chartsFor(['lr', 'mse', 'val_mse', 'loss']).map((c) => c.title), ['loss', 'mse', 'learning_rate']);
  // the driver script runs against a stub DOM and builds one uPlot chart per metric group
  const charts: { opts: { title: string; series: { label: string }[]; scales: { y: { distr?: number } } }; data: unknown[][] }[] = [];
  const el = () => ({ appendChild: () => undefined });
  const document = { getElementById: (id: string) => (id === 'report-data' ? { textContent: scripts(html)[1] } : el()), createElement: el };
  function uPlot(opts: (typeof charts)[0]['opts'], data: unknown[][]) {
    charts.push({ opts, data });
  }
  new Function('document', 'uPlot', scripts(html)[2])(document, uPlot);
  assert.equal(charts.map((c) => c.opts.title), ['loss', 'accuracy', 'learning_rate']);
  assert.equal(charts[0].opts.series.map((s) => s.label), ['epoch', 'loss', 'val_loss']);
  assert.equal(charts[0].data, [[1, 2, 3], [0.5, 0.25, null], [0.3, 0.2, 0.21]]);
  assert.is(charts[2].opts.scales.y.distr, 3, 'learning rate on a log scale');
  assert.match(html, /<title>mnist_mlp &lt;run 1&gt;<\/title>/);
  assert.match(html, /<th>test accuracy<\/th><td>98\.31%<\/td>/);
  assert.match(html, /<th>optimizer<\/th><td>rmsprop<\/td>/);
});

test('writeReport writes atomically into a new directory', async () => {
  const path = join(dir, 'sub', 'report.html');
  await writeReport(path, data);
  assert.ok(existsSync(path));
  assert.equal(readdirSync(join(dir, 'sub')), ['report.html'], 'no temp file left behind');
  assert.match(readFileSync(path, 'utf8'), /^<!doctype html>/);
});

test.run();
