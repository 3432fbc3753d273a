// A progress display per epoch, in the spirit of Keras's ProgbarLogger:
//   Epoch 3/20 234/469 [==============>...............] ETA 2.1s 14.1k samples/s - loss: 0.1234 - accuracy: 0.9612
// redrawn in place (at most every `intervalMs`) while the epoch runs when the output is a terminal,
// and one final line per epoch with the epoch's time (validation included), the training throughput
// (samples/s over the training batches) and every epoch log (val_* too).
// When the output is not a TTY (a pipe, a CI log), or with verbose 2, only the final line is
// printed, so logs stay readable. verbose 0 (from fit's params) silences it.
import type { Callback, Logs, TrainingParams } from './callback.js';
import { checkInt, checkKeys } from '../validate.js';

/** Where a progress bar writes: `process.stdout` or any object with `write` (a live bar needs `isTTY`). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Options of `progressBar`: the stream and the verbosity. */
export interface ProgressBarOptions {
  /** Where to write. Default process.stdout. */
  stream?: ProgressStream;
  /** Redraw during the epoch. Default: stream.isTTY. */
  live?: boolean;
  /** Characters of the bar. Default 30. */
  width?: number;
  /** Minimum milliseconds between redraws. Default 100. */
  intervalMs?: number;
}

const HIDDEN = new Set(['batch', 'size']);

/**
 * The callback fit adds for `verbose: 1` or `2`: a Keras-style progress bar per epoch, or one line per
 * epoch.
 */
export class ProgressBar implements Callback {
  private readonly stream: ProgressStream;
  private live: boolean;
  private readonly width: number;
  private readonly intervalMs: number;
  private params: TrainingParams | null = null;
  private epoch = 0;
  private t0 = 0;
  private lastDraw = 0;
  private lastBatch = 0;
  private seen = 0;
  private done = 0;
  private lineLength = 0;

  constructor(options: ProgressBarOptions = {}) {
    checkKeys('progressBar', options, ['stream', 'live', 'width', 'intervalMs']);
    this.stream = options.stream ?? (globalThis as { process?: { stdout: ProgressStream } }).process?.stdout ?? { write: (s: string) => console.log(s.replace(/\n$/, '')) };
    this.live = options.live ?? this.stream.isTTY === true;
    this.width = checkInt('progressBar', 'width', options.width ?? 30, 1);
    this.intervalMs = checkInt('progressBar', 'intervalMs', options.intervalMs ?? 100, 0);
  }

  setParams(params: TrainingParams): void {
    this.params = params;
    if (params.verbose === 2) this.live = false;
  }

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
    this.seen = 0;
    this.done = 0;
    this.t0 = performance.now();
    this.lastDraw = this.t0;
    this.lastBatch = this.t0;
  }

  onBatchEnd(batch: number, logs: Logs): void {
    const p = this.params;
    if (!p || p.verbose === 0) return;
    this.done = batch + 1;
    this.seen = logs.size !== undefined ? this.seen + logs.size : (batch + 1) * p.batchSize;
    if (p.samples !== null) this.seen = Math.min(this.seen, p.samples);
    const now = performance.now();
    this.lastBatch = now;
    if (!this.live) return;
    if (now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    const elapsed = (now - this.t0) / 1000;
    const done = batch + 1;
    const parts = [this.head(done)];
    if (p.steps !== null) parts.push(this.bar(done / p.steps), `ETA ${formatSeconds((elapsed / done) * (p.steps - done))}`);
    parts.push(rate(this.seen, elapsed));
    this.draw(parts.join(' ') + metrics(logs));
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    const p = this.params;
    if (!p || p.verbose === 0) return;
    const elapsed = (performance.now() - this.t0) / 1000;
    const steps = p.steps;
    const parts = [this.head(steps ?? this.done)];
    if (steps !== null) parts.push(this.bar(1));
    // samples/s over the training batches only; the epoch time includes validation
    parts.push(formatSeconds(elapsed), rate(this.seen, (this.lastBatch - this.t0) / 1000));
    this.draw(parts.join(' ') + metrics(logs));
    this.stream.write('\n');
    this.lineLength = 0;
  }

  private head(done: number): string {
    const p = this.params!;
    const steps = p.steps === null ? `${done}` : `${String(done).padStart(String(p.steps).length)}/${p.steps}`;
    return `Epoch ${this.epoch + 1}/${p.epochs} ${steps}`;
  }

  private bar(fraction: number): string {
    const filled = Math.min(this.width, Math.floor(fraction * this.width));
    if (filled === this.width) return `[${'='.repeat(filled)}]`;
    return `[${'='.repeat(filled)}>${'.'.repeat(this.width - filled - 1)}]`;
  }

  /** Live: rewrite the current line (\r and pad over a longer previous line); else print nothing until the end. */
  private draw(line: string): void {
    if (this.live) {
      this.stream.write('\r' + line.padEnd(this.lineLength));
      this.lineLength = line.length;
    } else this.stream.write(line);
  }
}

function metrics(logs: Logs): string {
  let s = '';
  for (const [k, v] of Object.entries(logs)) if (!HIDDEN.has(k)) s += ` - ${k}: ${formatValue(v)}`;
  return s;
}

/** Four decimals as Keras prints them; small rates in exponent form so 1e-5 does not show as 0.0000. */
export function formatValue(v: number): string {
  if (v !== 0 && Number.isFinite(v) && Math.abs(v) < 1e-3) return v.toExponential(4);
  return v.toFixed(4);
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function rate(samples: number, seconds: number): string {
  const r = seconds > 0 ? samples / seconds : 0;
  return `${r >= 1e4 ? (r / 1e3).toFixed(1) + 'k' : r.toFixed(0)} samples/s`;
}

/** A per-epoch progress bar with samples/s, loss, metrics and ETA (one line per epoch off a TTY). */
export function progressBar(options: ProgressBarOptions = {}): ProgressBar {
  return new ProgressBar(options);
}
