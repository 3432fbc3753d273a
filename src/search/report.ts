// Text and HTML views of a search: a progress line (trial n/N, best so far, ETA), a results table of
// the best trials, and a self-contained HTML report (loss per trial and the best-so-far curve as
// inline SVG, the table, the best configuration). The charts are drawn here rather than with a
// charting library because the report must open offline from any installed copy of simdnet, and
// charting packages are development dependencies only.
import type { TrialRecord } from './trial.js';
import type { Trials } from './trials.js';

/** "1m05s" style durations. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 10) return `${seconds.toFixed(seconds < 1 ? 2 : 1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One progress line; the ETA extrapolates the mean wall time per finished trial of this run. */
export function progressLine(trials: Trials, maxEvals: number, startedFinished: number, elapsedSeconds: number): string {
  const done = trials.finished;
  const ranNow = done - startedFinished;
  const eta = ranNow > 0 ? ((maxEvals - done) * elapsedSeconds) / ranNow : NaN;
  const best = trials.best;
  const bestText = best ? (best.loss as number).toPrecision(5) : '-';
  return `trial ${done}/${maxEvals}  best ${bestText}  elapsed ${formatDuration(elapsedSeconds)}  ETA ${formatDuration(eta)}`;
}

function short(value: unknown): string {
  return JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v));
}

/** The `top` best 'ok' trials as a markdown table, plus counts of failed and pruned trials. */
export function resultsTable(trials: Trials, top = 10): string {
  const ok = trials.trials.filter((t) => t.status === 'ok').sort((a, b) => (a.loss as number) - (b.loss as number));
  const rows = ok.slice(0, top).map((t, i) => `| ${i + 1} | ${t.tid} | ${(t.loss as number).toPrecision(5)} | ${duration(t)} | \`${short(t.params)}\` |`);
  const count = (s: string) => trials.trials.filter((t) => t.status === s).length;
  return [
    '| rank | trial | loss | time | configuration |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `${count('ok')} ok, ${count('pruned')} pruned, ${count('fail')} failed`,
  ].join('\n');
}

function duration(t: TrialRecord): string {
  return t.finishedAt === null ? '-' : formatDuration((t.finishedAt - t.startedAt) / 1000);
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** An SVG chart of loss per trial (dots; pruned hollow) and the best-so-far line, 720x320. */
function chart(trials: TrialRecord[]): string {
  const W = 720;
  const H = 320;
  const pad = { l: 60, r: 16, t: 16, b: 36 };
  const pts = trials.filter((t) => t.loss !== null && Number.isFinite(t.loss));
  if (pts.length === 0) return '<p>No trial has a loss yet.</p>';
  const ys = pts.map((t) => t.loss as number);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys) === lo ? lo + 1 : Math.max(...ys);
  const n = Math.max(1, ...trials.map((t) => t.tid));
  const x = (tid: number) => pad.l + ((W - pad.l - pad.r) * tid) / n;
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - (v - lo) / (hi - lo));
  let best = Infinity;
  const line: string[] = [];
  for (const t of [...trials].sort((a, b) => a.tid - b.tid)) {
    if (t.status !== 'ok') continue;
    best = Math.min(best, t.loss as number);
    line.push(`${x(t.tid).toFixed(1)},${y(best).toFixed(1)}`);
  }
  const dots = pts
    .map((t) => `<circle cx="${x(t.tid).toFixed(1)}" cy="${y(t.loss as number).toFixed(1)}" r="3" ${t.status === 'ok' ? 'fill="#4a7bd0"' : 'fill="none" stroke="#999"'}><title>trial ${t.tid}: ${t.loss} (${t.status})</title></circle>`)
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const v = lo + f * (hi - lo);
      return `<text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end">${v.toPrecision(3)}</text><line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`;
    })
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-size="11" font-family="sans-serif">${ticks}
<polyline points="${line.join(' ')}" fill="none" stroke="#d0553a" stroke-width="2"/>${dots}
<text x="${(W + pad.l) / 2}" y="${H - 6}" text-anchor="middle">trial</text></svg>`;
}

/** A self-contained HTML page describing the search. */
export function searchReportHtml(trials: Trials, options: { title?: string; notes?: string } = {}): string {
  const title = options.title ?? 'simdnet search';
  const best = trials.best;
  const table = resultsTable(trials, 20)
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| rank'))
    .map((l) => `<tr>${l.slice(2, -2).split(' | ').map((c) => `<td>${escape(c.replace(/`/g, ''))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}td,th{padding:2px 8px;text-align:left;border-bottom:1px solid #eee}code{background:#f5f5f5;padding:2px}</style></head><body>
<h1>${escape(title)}</h1>
${options.notes ? `<p>${escape(options.notes)}</p>` : ''}
<p>${trials.finished} trials finished. Best loss: <b>${best ? best.loss : '-'}</b> (trial ${best ? best.tid : '-'}).</p>
<p>Best configuration: <code>${escape(JSON.stringify(best?.params ?? null))}</code></p>
<h2>Loss per trial and best so far</h2>
<p>Blue: finished trials; hollow: pruned trials (their last reported value); red: best so far.</p>
${chart(trials.trials)}
<h2>Best trials</h2>
<table><tr><th>rank</th><th>trial</th><th>loss</th><th>time</th><th>configuration</th></tr>
${table}</table></body></html>
`;
}
