// Timing for the benches on a shared machine: tinybench runs each task for a small time budget, and
// callers repeat whole rounds over all variants (interleaving them) and keep every round's median.
// A variant's figure is then the best round (least disturbed by other processes) and the median round.
import { cpus as cpus_ } from 'node:os';
import { Bench } from 'tinybench';

export interface MeasureOptions {
  /** Time budget per task and round, ms. */
  time?: number;
  /** Minimum calls per task and round (slow tasks: 1). */
  iterations?: number;
}

/** Median latency (ms) of each task in one tinybench run, tasks run one after another. */
export async function measureRound(tasks: Record<string, () => unknown>, opts: MeasureOptions = {}): Promise<Record<string, number>> {
  const bench = new Bench({ time: opts.time ?? 50, iterations: opts.iterations ?? 3, warmupTime: 5, warmupIterations: 1, throws: true });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  const out: Record<string, number> = {};
  for (const task of bench.tasks) {
    const r = task.result as { latency?: { p50: number } };
    if (r.latency) out[task.name] = r.latency.p50;
  }
  return out;
}

/** Latencies of one variant over rounds: best (min) and median. */
export class Rounds {
  private readonly ms = new Map<string, number[]>();
  add(key: string, latencyMs: number): void {
    const a = this.ms.get(key) ?? [];
    a.push(latencyMs);
    this.ms.set(key, a);
  }
  has(key: string): boolean {
    return this.ms.has(key);
  }
  best(key: string): number {
    return Math.min(...this.get(key));
  }
  median(key: string): number {
    const a = [...this.get(key)].sort((x, y) => x - y);
    return a[a.length >> 1];
  }
  private get(key: string): number[] {
    const a = this.ms.get(key);
    if (!a) throw new Error(`no measurements for ${key}`);
    return a;
  }
}

/** The machine, runtime and date, for bench headers (BENCHMARKS.md records them). */
export function describeMachine(): string {
  const cpus = cpus_();
  return `${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} logical CPUs), Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}`;
}
