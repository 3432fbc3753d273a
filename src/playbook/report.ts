// The playbook's HTML report, one self-contained file drawn with inline SVG (it must open offline
// from any installed copy, as the search report): the effects as a forest plot (mean difference
// from the baseline with its 95% interval, per arm, coloured by verdict), learning curves (the
// baseline, the final model and the arms that helped), the data-size curve, the final
// configuration as code, and the table of arms.
import { configCode } from './config.js';
import type { PlaybookResult } from './results.js';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
const fmt = (v: number | null, d = 4) => (v === null || !Number.isFinite(v) ? '–' : v.toFixed(d));
const COLORS: Record<string, string> = { helps: '#2ca02c', hurts: '#d62728', 'no clear effect': '#7f7f7f', pruned: '#bbbbbb' };

function forest(r: PlaybookResult): string {
  const rows = r.arms;
  const W = 720, left = 200, right = 20, rowH = 22, top = 24;
  const H = top + rows.length * rowH + 30;
  const vals = rows.flatMap((a) => [a.meanDiff, a.ci[0] ?? a.meanDiff, a.ci[1] ?? a.meanDiff]).filter((v) => Number.isFinite(v));
  let lo = Math.min(0, ...vals), hi = Math.max(0, ...vals);
  if (hi - lo < 1e-9) (lo -= 1), (hi += 1);
  const pad = (hi - lo) * 0.05;
  lo -= pad; hi += pad;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - right);
  const parts = [`<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="forest plot">`,
    `<line x1="${x(0)}" y1="${top - 8}" x2="${x(0)}" y2="${H - 24}" stroke="#333" stroke-dasharray="3,3"/>`,
    `<text x="${x(0)}" y="${top - 10}" font-size="11" text-anchor="middle">0 (baseline)</text>`];
  rows.forEach((a, i) => {
    const y = top + i * rowH + rowH / 2;
    const c = COLORS[a.verdict];
    parts.push(`<text x="${left - 8}" y="${y + 4}" font-size="12" text-anchor="end">${esc(`${a.strategy} ${a.setting}`)}</text>`);
    if (a.ci[0] !== null && a.ci[1] !== null) parts.push(`<line x1="${x(a.ci[0])}" y1="${y}" x2="${x(a.ci[1])}" y2="${y}" stroke="${c}" stroke-width="2"/>`);
    if (Number.isFinite(a.meanDiff)) parts.push(`<circle cx="${x(a.meanDiff)}" cy="${y}" r="4" fill="${c}"><title>${esc(`${a.strategy} ${a.setting}: ${fmt(a.meanDiff)} [${fmt(a.ci[0])}, ${fmt(a.ci[1])}] ${a.verdict}`)}</title></circle>`);
  });
  for (const t of [lo + pad, (lo + hi) / 2, hi - pad]) parts.push(`<text x="${x(t)}" y="${H - 8}" font-size="11" text-anchor="middle">${t.toFixed(3)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

function lineChart(title: string, series: { label: string; color: string; xs: number[]; ys: number[] }[], xLabel: string, logX = false): string {
  const W = 460, H = 280, l = 60, r = 130, t = 24, b = 36;
  const all = series.flatMap((s) => s.ys).filter((v) => Number.isFinite(v));
  const xsAll = series.flatMap((s) => s.xs);
  if (!all.length) return '';
  let ylo = Math.min(...all), yhi = Math.max(...all);
  if (yhi - ylo < 1e-9) (ylo -= 0.5), (yhi += 0.5);
  const tx = (v: number) => (logX ? Math.log(v) : v);
  const xlo = Math.min(...xsAll.map(tx)), xhi = Math.max(...xsAll.map(tx));
  const X = (v: number) => l + ((tx(v) - xlo) / Math.max(xhi - xlo, 1e-9)) * (W - l - r);
  const Y = (v: number) => H - b - ((v - ylo) / (yhi - ylo)) * (H - t - b);
  const parts = [`<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><text x="${l}" y="16" font-size="13" font-weight="600">${esc(title)}</text>`,
    `<line x1="${l}" y1="${H - b}" x2="${W - r}" y2="${H - b}" stroke="#999"/><line x1="${l}" y1="${t}" x2="${l}" y2="${H - b}" stroke="#999"/>`,
    `<text x="${l - 4}" y="${Y(yhi) + 4}" font-size="10" text-anchor="end">${yhi.toFixed(4)}</text><text x="${l - 4}" y="${Y(ylo) + 4}" font-size="10" text-anchor="end">${ylo.toFixed(4)}</text>`,
    `<text x="${(l + W - r) / 2}" y="${H - 6}" font-size="11" text-anchor="middle">${esc(xLabel)}</text>`];
  series.forEach((s, i) => {
    const pts = s.xs.map((xv, j) => (Number.isFinite(s.ys[j]) ? `${X(xv).toFixed(1)},${Y(s.ys[j]).toFixed(1)}` : null)).filter(Boolean).join(' ');
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts}"/>`);
    s.xs.forEach((xv, j) => Number.isFinite(s.ys[j]) && parts.push(`<circle cx="${X(xv).toFixed(1)}" cy="${Y(s.ys[j]).toFixed(1)}" r="2.5" fill="${s.color}"/>`));
    parts.push(`<text x="${W - r + 6}" y="${t + 14 * i + 8}" font-size="11" fill="${s.color}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/**
 * A self-contained HTML page of a playbook's result: verdicts with their intervals, the data-size curve
 * and the validation curves.
 */
export function playbookReportHtml(r: PlaybookResult, title = 'simdnet playbook'): string {
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  const epochs = (ys: number[]) => ys.map((_, i) => i + 1);
  const helped = r.arms.filter((a) => a.verdict === 'helps').map((a) => `${a.strategy}=${a.setting}`).filter((id) => r.curves[id]).slice(0, 5);
  const curves = [
    { label: 'baseline', color: '#333', xs: epochs(r.curves.baseline ?? []), ys: r.curves.baseline ?? [] },
    ...helped.map((id, i) => ({ label: id, color: palette[i % palette.length], xs: epochs(r.curves[id]), ys: r.curves[id] })),
    { label: 'final (selection run, all training rows)', color: '#d62728', xs: epochs(r.final.curve), ys: r.final.curve },
  ];
  const ds = r.dataSize;
  const code = configCode(r.final.config, r.task.kind, r.task.inputShape, r.task.head);
  const rows = r.arms.map((a) => `<tr><td>${esc(a.strategy)}</td><td>${esc(String(a.setting))}${a.against === 'control' ? ' (vs control)' : ''}</td><td>${fmt(a.baseline)}</td><td>${fmt(a.mean)}</td><td>${fmt(a.meanDiff)}</td><td>[${fmt(a.ci[0])}, ${fmt(a.ci[1])}]</td><td style="color:${COLORS[a.verdict]};font-weight:600">${a.verdict}</td><td>${a.runs}</td></tr>`).join('');
  const b = r.budget;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222} h1{font-size:20px} h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse} th,td{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left} pre{background:#f6f6f6;padding:12px;overflow:auto}
.charts{display:flex;flex-wrap:wrap;gap:16px}</style></head><body>
<h1>${esc(title)}</h1>
<p>${esc(r.task.description)}. Metric: <b>${r.metric}</b> on the validation part; ${b.runs} runs in ${(b.seconds / 60).toFixed(1)} min (budget ${esc(JSON.stringify(b.given))}); study runs on ${b.studyRows} training rows${b.pace ? `; runs took ${b.pace.factor.toFixed(2)}x the time planned from the calibration epoch (${b.pace.runs} runs; the plan was re-estimated after each)` : ''}.</p>
<p><b>Final model</b> (${esc(r.final.chosenBy)}), trained on ${r.final.samples} training + validation rows for ${r.final.selection.bestEpoch} epochs: test ${r.metric} <b>${fmt(r.final.testMetric)}</b>. Its epochs are the best of ${r.final.selection.epochsRun} (cap ${r.final.selection.cap}) of a run on the ${r.final.selection.samples} training rows (validation ${fmt(r.final.valMetric)}; baseline validation mean ${fmt(r.baseline.mean)}). The test set was used once, for this number.</p>
<h2>Effects: mean difference from the baseline, 95% t interval over paired seeds</h2>
${forest(r)}
${r.control ? `<p>Arms marked <i>vs control</i> change the data each epoch; they train up to ${r.control.config.epochs} epochs with early stopping and are paired with the <b>converge control</b>, the baseline trained the same way (mean ${fmt(r.control.mean)}, ${fmt(r.control.meanDiff)} [${fmt(r.control.ci[0])}, ${fmt(r.control.ci[1])}] against the baseline; stopped after ${r.control.epochs.join(', ')} epochs).</p>` : ''}
<h2>Learning curves (validation ${r.metric}, mean over seeds)</h2><div class="charts">
${lineChart(`validation ${r.metric}`, curves, 'epoch')}
${ds.length ? lineChart(`data size (validation ${r.metric})`, [{ label: 'mean over seeds', color: '#1f77b4', xs: ds.map((d) => d.samples), ys: ds.map((d) => d.mean) }], 'training samples (log scale)', true) : ''}
</div>
<h2>Chosen configuration</h2><pre>${esc(code)}</pre>
<h2>Arms</h2><table><tr><th>strategy</th><th>setting</th><th>baseline</th><th>mean</th><th>mean diff</th><th>95% CI</th><th>verdict</th><th>runs</th></tr>${rows}</table>
${r.pruned.length ? `<h2>Pruned</h2><ul>${r.pruned.map((p) => `<li>${esc(`${p.strategy} ${p.setting}: ${p.reason}`)}</li>`).join('')}</ul>` : ''}
${r.search ? `<h2>Search</h2><p>TPE over ${esc(r.search.strategies.join(', '))}: ${r.search.trials} trials, ${r.search.pruned} pruned by the median rule; best validation ${r.metric} ${fmt(r.search.bestMetric)}.</p>` : ''}
${r.failures.length ? `<h2>Failed runs</h2><ul>${r.failures.map((f) => `<li>${esc(`${f.arm} seed ${f.seed}: ${f.error}`)}</li>`).join('')}</ul>` : ''}
</body></html>`;
}
