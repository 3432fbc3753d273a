// A self-contained HTML training report: learning curves (loss, accuracy, learning rate and any
// other logged metric, each with its val_ twin, per epoch), a summary table and the run's settings,
// in one file that opens offline. Charts are drawn by uPlot (MIT, ~50 KB, github.com/leeoniya/uPlot)
// whose minified IIFE build and CSS are inlined from node_modules/uplot.
import { SimdnetError } from '../errors.js';
import { writeAtomic } from '../io/writeAtomic.js';
import { nodeImport } from '../../bindings/nodeImport.js';

/** What a training report shows: the title, per-epoch history, headline results and the run's settings. */
export interface ReportData {
  title: string;
  /** Per-epoch values by log key, as History.history ('loss', 'val_loss', 'accuracy', 'learning_rate', ...). */
  history: Record<string, number[]>;
  /** Epoch indices (0-based) of the history entries. Default 0..n-1. */
  epochs?: number[];
  /** Headline results, e.g. { 'test accuracy': '98.31%', 'time per epoch': '6.2 s' }. */
  summary?: Record<string, string | number>;
  /** Settings of the run (shown as a table). */
  config?: Record<string, string | number | boolean>;
}

/** One chart of a report: its title and the history keys it plots. */
export interface Chart {
  title: string;
  keys: string[];
}

/** Groups log keys into charts: one per metric with its val_ twin; loss first, learning rate last. */
export function chartsFor(keys: string[]): Chart[] {
  const bases: string[] = [];
  for (const k of keys) {
    const base = k.startsWith('val_') ? k.slice(4) : k;
    if (!bases.includes(base)) bases.push(base);
  }
  const rank = (b: string) => (b === 'loss' ? 0 : /acc/.test(b) ? 1 : b === 'learning_rate' || b === 'lr' ? 3 : 2);
  bases.sort((a, b) => rank(a) - rank(b));
  return bases.map((b) => ({ title: b === 'lr' ? 'learning_rate' : b, keys: [b, 'val_' + b].filter((k) => keys.includes(k)) }));
}

/** Renders the report; `uplot` gives the library's JS and CSS (default: read from node_modules). */
export async function renderReport(data: ReportData, uplot?: { js: string; css: string }): Promise<string> {
  const lib = uplot ?? (await loadUplot());
  const keys = Object.keys(data.history);
  const n = Math.max(0, ...keys.map((k) => data.history[k].length));
  const epochs = data.epochs ?? Array.from({ length: n }, (_, i) => i);
  const series: Record<string, (number | null)[]> = {};
  for (const k of keys) series[k] = data.history[k].map((v) => (Number.isFinite(v) ? v : null));
  const payload = { epochs: epochs.map((e) => e + 1), series, charts: chartsFor(keys) };
  const table = (rows: Record<string, unknown> | undefined, cls: string) =>
    rows && Object.keys(rows).length
      ? `<table class="${cls}">${Object.entries(rows).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(String(v))}</td></tr>`).join('')}</table>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(data.title)}</title>
<style>${lib.css}</style>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 12px} table{border-collapse:collapse;margin:0 0 16px}
th,td{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left} th{font-weight:600;color:#555}
.summary td{font-weight:600} #charts{display:flex;flex-wrap:wrap;gap:16px}
</style></head><body>
<h1>${esc(data.title)}</h1>
${table(data.summary, 'summary')}
<div id="charts"></div>
${table(data.config, 'config')}
<script>${inlineScript(lib.js)}</script>
<script id="report-data" type="application/json">${jsonForHtml(payload)}</script>
<script>
(function () {
  var d = JSON.parse(document.getElementById('report-data').textContent);
  var colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];
  d.charts.forEach(function (c) {
    var el = document.createElement('div');
    document.getElementById('charts').appendChild(el);
    var log = c.title === 'learning_rate' && c.keys.every(function (k) { return d.series[k].every(function (v) { return v === null || v > 0; }); });
    new uPlot({
      title: c.title, width: 460, height: 280,
      scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
      axes: [{ label: 'epoch' }, { size: 70 }],
      series: [{ label: 'epoch' }].concat(c.keys.map(function (k, i) {
        return { label: k, stroke: colors[i % colors.length], width: 2, points: { show: d.epochs.length < 60 } };
      }))
    }, [d.epochs].concat(c.keys.map(function (k) { return d.series[k]; })), el);
  });
})();
</script>
</body></html>
`;
}

/** Writes the report atomically (io/writeAtomic.ts: temp file, fsync, rename), creating the directory if needed. */
export async function writeReport(path: string, data: ReportData): Promise<void> {
  const fs = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
  const { dirname } = await nodeImport<typeof import('node:path')>('path');
  const html = await renderReport(data);
  await fs.mkdir(dirname(path), { recursive: true });
  await writeAtomic('writeReport', path, html);
}

async function loadUplot(): Promise<{ js: string; css: string }> {
  const { createRequire } = await nodeImport<typeof import('node:module')>('module');
  const { readFile } = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
  try {
    const req = createRequire(import.meta.url);
    const [js, css] = await Promise.all([
      readFile(req.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      readFile(req.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    ]);
    return { js, css };
  } catch (e) {
    throw new SimdnetError('ERR_IO', 'renderReport', "cannot read the uplot package (npm install uplot) to inline its charts", { cause: e });
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script> element: no '<' can close it early. */
function jsonForHtml(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c');
}

function inlineScript(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script');
}
