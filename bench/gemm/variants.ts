// Every GEMM variant (bindings/gemmVariants.ts) of both release builds on every MLP shape, as a
// percentage of the same build's peak probe timed in the same round (issue 19's target: the GEMM's
// best and median rounds >= 85% of the in-run probe on every MLP shape, both builds), plus the
// ready() probe: what it picks per shape class and how long it takes (budget < 50 ms).
// Timing on a shared machine: each figure is process CPU time (process.cpuUsage) over a batch of
// calls, so time the OS gives other processes is not charged to the kernel; wall-clock figures of the
// same calls are printed beside (a hyperthread sibling busy with another process slows both clocks:
// that is not removed). Rounds interleave shapes, variants and probes; % of probe compares the
// variant's best round with the probe's best round, and median with median.
import type { WasmModule } from '../../bindings/loader.js';
import { gemmVariants, GEMM_CLASSES, type GemmClass } from '../../bindings/gemmVariants.js';
import { probeGemm, applyGemmSelection, type GemmSelection } from '../../bindings/gemmSelect.js';
import { sgemmVariantCall, GEMM_SHAPES, OUTPUT_LAYER_SHAPES } from '../cases/gemm.js';

/** mnist_mlp's GEMMs: the hidden layers' (GEMM_SHAPES) and the output layer's. */
const SHAPES = [...GEMM_SHAPES, ...OUTPUT_LAYER_SHAPES];

const PROBE_ITERS = 1 << 18;
/** CPU milliseconds per measurement (calls are batched up to it). */
const TARGET_MS = 12;

interface Sample {
  cpu: number;
  wall: number;
}

/** ms per call of fn over `calls` calls, CPU and wall clock. */
function time(fn: () => unknown, calls: number): Sample {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < calls; i++) fn();
  const wall = (performance.now() - w0) / calls;
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000 / calls, wall };
}

/** How many calls make about TARGET_MS of CPU time (after a warm-up call). */
function calibrate(fn: () => unknown): number {
  fn();
  const t = time(fn, 2);
  return Math.max(1, Math.round(TARGET_MS / Math.max(t.cpu, t.wall / 4, 1e-3)));
}

const pick = (a: number[], which: 'best' | 'median') => {
  const s = [...a].sort((x, y) => x - y);
  return which === 'best' ? s[0] : s[s.length >> 1];
};

/**
 * Runs the ready() probe `runs` times per module, prints what each run picked and took, and applies
 * the first run's selection to its module (as ready() would), so sgemm runs it. Returns those selections.
 */
export function probeRuns(mods: Map<string, WasmModule>, runs = 5): Map<string, GemmSelection> {
  const selections = new Map<string, GemmSelection>();
  console.log('\n## The ready() probe (bindings/gemmSelect.ts probeGemm), per build; budget < 50 ms');
  console.log('| build | run | ms (of it first calls) | NN | NT | TN | narrowN | smallK | disturbed | unconfirmed by the MLP-sized check |');
  console.log('|---|---:|---:|---|---|---|---|---|---|---|');
  for (const [b, m] of mods) {
    for (let r = 0; r < runs; r++) {
      const s = probeGemm(m);
      if (r === 0) selections.set(b, applyGemmSelection(m, s));
      const c = s.classes;
      console.log(`| ${b} | ${r + 1} | ${s.probeMs!.toFixed(1)} (${s.warmMs!.toFixed(1)}) | ${c.NN} | ${c.NT} | ${c.TN} | ${c.narrowN} | ${c.smallK} | ${s.disturbed?.join(', ') || ''} | ${s.unconfirmed?.join(', ') || ''} |`);
    }
  }
  return selections;
}

/** Times every variant of every module on every GEMM shape against the probe; prints one table per build; returns the issue-19 verdicts of the selected variants. */
export function variantTables(mods: Map<string, WasmModule>, selections: Map<string, GemmSelection>, rounds: number): string[] {
  // Measurements: key `${build} ${shape} ${variant}` and `${build} ${shape} probe`.
  const cpu = new Map<string, number[]>();
  const wall = new Map<string, number[]>();
  const add = (k: string, s: Sample) => {
    (cpu.get(k) ?? cpu.set(k, []).get(k)!).push(s.cpu);
    (wall.get(k) ?? wall.set(k, []).get(k)!).push(s.wall);
  };
  const jobs: { key: string; fn: () => unknown; calls: number }[] = [];
  for (const [b, m] of mods) {
    const probe = () => m.exports.peakProbe(PROBE_ITERS, 0.999, 0.001);
    SHAPES.forEach((s, i) => {
      jobs.push({ key: `${b} ${i} probe`, fn: probe, calls: calibrate(probe) });
      for (const v of gemmVariants(m.build)) {
        const fn = sgemmVariantCall(m, { ...s, variant: v.code });
        jobs.push({ key: `${b} ${i} ${v.key}`, fn, calls: calibrate(fn) });
      }
    });
  }
  for (let r = 0; r < rounds; r++) for (const j of jobs) add(j.key, time(j.fn, j.calls));

  const verdicts: string[] = [];
  const label = (s: Record<string, number>) => `${s.tA ? 'T' : 'N'}${s.tB ? 'T' : 'N'} [${s.M}x${s.K}]·[${s.K}x${s.N}]`;
  for (const [b, m] of mods) {
    const keys = gemmVariants(m.build).map((v) => v.key);
    console.log(`\n## GEMM variants, build ${b}: % of the in-run probe, CPU time, best round (median round), ${rounds} rounds`);
    console.log(`| shape | class | selected | selected: best (median) | wall clock: best (median) | fastest variant | ${keys.join(' | ')} |`);
    console.log(`|---|---|---|---:|---:|---|${keys.map(() => '---:').join('|')}|`);
    SHAPES.forEach((s, i) => {
      const flops = 2 * s.M * s.N * s.K;
      const pk = `${b} ${i} probe`;
      const pct = (k: string, w: 'best' | 'median', src = cpu) => (100 * (flops / pick(src.get(k)!, w))) / ((96 * PROBE_ITERS) / pick(src.get(pk)!, w));
      const cls = GEMM_CLASSES[m.exports.gemmClass(s.tA, s.tB, s.M, s.N, s.K)] as GemmClass;
      const sel = selections.get(b)!.classes[cls];
      const fastest = keys.reduce((x, y) => (pct(`${b} ${i} ${y}`, 'best') > pct(`${b} ${i} ${x}`, 'best') ? y : x));
      const cell = (k: string, src = cpu) => `${pct(k, 'best', src).toFixed(0)}% (${pct(k, 'median', src).toFixed(0)}%)`;
      const sk = `${b} ${i} ${sel}`;
      console.log(`| ${label(s)} | ${cls} | ${sel} | ${cell(sk)} | ${cell(sk, wall)} | ${fastest} | ${keys.map((k) => cell(`${b} ${i} ${k}`)).join(' | ')} |`);
      const [best, median] = [pct(sk, 'best'), pct(sk, 'median')];
      verdicts.push(`${best >= 85 && median >= 85 ? 'PASS' : 'FAIL'} (issue 19) ${b} ${label(s)}, selected ${sel}: best ${best.toFixed(1)}%, median ${median.toFixed(1)}% of the probe (CPU time; target both >= 85%)`);
    });
    const p = cpu.get(`${b} 0 probe`)!;
    console.log(`probe (${b}): ${((96 * PROBE_ITERS) / pick(p, 'best') / 1e6).toFixed(1)} GFLOP/s best, ${((96 * PROBE_ITERS) / pick(p, 'median') / 1e6).toFixed(1)} median (CPU time)`);
  }
  return verdicts;
}
