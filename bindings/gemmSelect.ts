// Picks a GEMM variant per shape class for one module (assembly/kernels/gemmVariants.ts) the way
// XNNPACK picks micro-kernels per ISA, but by measurement: the best tile depends on the CPU and the
// engine (PLATFORM.md: 4x8 on one EPYC, 2x16 in Bun, 6x8 only where it fits the registers).
// probeGemm: a short probe (ready() runs it; budget 50 ms, measured by bench/gemm.bench.ts) that
// times every variant on one small shape per class, round by round, interleaved, and keeps each
// variant's fastest round. chooseGemm (pure, tested): per class the fastest variant, unless the
// timings are disturbed (the default's rounds spread by more than NOISY) or the winner's lead is
// inside that spread: then the safe default (4x8, blocking b0). Past its budget the probe stops after
// two rounds, and the chooser judges those.
// Then a second check (confirmGemm, pure, tested): a class whose probe winner is not the default
// times winner and default again, alternately, on one MLP-sized call of that class, and keeps the
// winner only if the same rule picks it there too. Why: the small probe shapes rank tiles that are
// within a few % of each other differently from run to run (on the Zen 4 EPYC the plain build's
// probe chose 4x8s in 5 of 5 runs at one time and 4x8 in 6 of 6 twenty minutes later, while 4x8s
// ran 2-7% slower on the MLP shapes; BENCHMARKS.md, issue 19), and a pick that flips between runs
// costs every big GEMM. A class not confirmed before CONFIRM_BY_MS stays at the default.
// A selection is data: ready({ gemm: saved }) applies one without probing; nothing is written to disk.
import { wasm, type BuildName, type WasmModule } from './loader.js';
import { GEMM_CLASSES, gemmVariants, type GemmClass, type GemmVariant } from './gemmVariants.js';
import { gemmWorkspace } from './gemm.js';
import { ValidationError } from '../src/errors.js';

/** One variant key (bindings/gemmVariants.ts) per shape class, for one build. */
export interface GemmSelection {
  readonly build: BuildName;
  readonly classes: Readonly<Record<GemmClass, string>>;
  /** How it was made: probed (and how long it took, ms), a default, or supplied by the caller. */
  readonly source: 'probe' | 'default' | 'saved';
  readonly probeMs?: number;
  /** Of probeMs, the untimed first calls (V8 compiles each function on its first call). */
  readonly warmMs?: number;
  /** Classes the probe left at the default because its timings were too noisy to trust. */
  readonly disturbed?: readonly GemmClass[];
  /** Classes whose probe winner the MLP-sized check did not confirm (slower there, a tie, or no time left): at the default. */
  readonly unconfirmed?: readonly GemmClass[];
}

/** Per class: per variant key, the time (ms) of each probe round. */
export type ProbeTimings = Partial<Record<GemmClass, Record<string, number[]>>>;

const DEFAULT_KEY = '4x8.b0';
/** Relative spread (median round / best round - 1) above which a class's timings are not trusted. */
export const NOISY = 0.25;
/** A variant replaces the default only if faster by this much and by more than the spread. */
const MIN_GAIN = 0.03;

// Probe shapes [transA, transB, M, N, K], one per probed class (TT takes TN's choice: its packing of
// A is TN's, its B packing is NT's, and it does not occur in dense or conv layers). 48 rows and 96
// columns are whole tiles of most variants; smallK's 256 rows exceed both blockings' MC so b0 and b1
// differ. About 2-3 MFLOP each: 50-80 µs at 40 GFLOP/s.
const PROBE_SHAPES: Partial<Record<GemmClass, [number, number, number, number, number]>> = {
  NN: [0, 0, 48, 96, 224],
  NT: [0, 1, 48, 96, 224],
  TN: [1, 0, 48, 96, 224],
  narrowN: [0, 0, 96, 10, 256],
  smallK: [1, 0, 256, 96, 64],
};
const ROUNDS = 5;
// The MLP-sized check, per class: mnist_mlp's hidden-layer calls at a quarter of their size (128-row
// calls rank the tiles as the full ones do: /work/coord/runs/gemm19/s26/rank*.log). About 17 MFLOP:
// 0.35-0.45 ms a call, CONFIRM_ROUNDS calls of each of the two variants.
const CONFIRM_SHAPES: Partial<Record<GemmClass, [number, number, number, number, number]>> = {
  NN: [0, 0, 128, 256, 256],
  NT: [0, 1, 128, 256, 256],
  TN: [1, 0, 128, 256, 256],
  narrowN: [0, 0, 512, 10, 512],
  smallK: [1, 0, 256, 256, 128],
};
const CONFIRM_ROUNDS = 3;
/** No class is confirmed after this much of the probe's wall-clock time (ms): the rest keep the default. */
const CONFIRM_BY_MS = 35;
/** After two rounds, variants slower than PRUNE x their class's best drop out of the probe. */
const PRUNE = 1.15;
/** Wall-clock budget of the probe's rounds; past it (after two rounds at least) the rounds so far decide. */
const BUDGET_MS = 30;

const selections = new WeakMap<WasmModule, GemmSelection>();

/**
 * The GEMM selection in effect in module m (default: the one ready() loaded): save it (JSON) and pass
 * it back as ready({ gemm }) to skip the probe next time. A module nobody selected for runs the default.
 */
export function gemmSelection(m: WasmModule = wasm()): GemmSelection {
  return selections.get(m) ?? defaultSelection(m.build);
}

/** Every class at 4x8.b0. */
export function defaultSelection(build: BuildName): GemmSelection {
  const classes = Object.fromEntries(GEMM_CLASSES.map((c) => [c, DEFAULT_KEY])) as Record<GemmClass, string>;
  return { build, classes, source: 'default' };
}

/** Sets module m's variant per class (validated: a selection saved for another build is rejected). */
export function applyGemmSelection(m: WasmModule, sel: GemmSelection, fn = 'applyGemmSelection'): GemmSelection {
  if (sel === null || typeof sel !== 'object' || typeof sel.classes !== 'object' || sel.classes === null) {
    throw new ValidationError(fn, 'gemm', "'probe', 'default' or a selection from gemmSelection()", sel, 'ERR_INVALID_TYPE');
  }
  if (sel.build !== m.build) throw new ValidationError(fn, 'gemm.build', `'${m.build}' (the loaded build)`, sel.build);
  const byKey = new Map(gemmVariants(m.build).map((v) => [v.key, v]));
  const codes = GEMM_CLASSES.map((c) => {
    const key = sel.classes[c];
    const v = byKey.get(key);
    if (!v) throw new ValidationError(fn, `gemm.classes.${c}`, `one of ${[...byKey.keys()].join(', ')}`, key);
    return v.code;
  });
  codes.forEach((code, cls) => m.exports.gemmSetSelection(cls, code));
  selections.set(m, sel);
  return sel;
}

/** Resolves ready()'s `gemm` option for module m: probe (default), the defaults, or a saved selection. */
export function selectGemm(m: WasmModule, option: unknown, fn = 'ready'): GemmSelection {
  if (option === undefined || option === 'probe') return applyGemmSelection(m, probeGemm(m), fn);
  if (option === 'default') return applyGemmSelection(m, defaultSelection(m.build), fn);
  if (typeof option === 'string') throw new ValidationError(fn, 'gemm', "'probe', 'default' or a selection from gemmSelection()", option);
  return applyGemmSelection(m, { ...(option as GemmSelection), source: 'saved' }, fn);
}

/** Times every variant per probed class in module m (scratch from its arena, returned after). */
export function probeGemm(m: WasmModule, budgetMs = BUDGET_MS): GemmSelection {
  const t0 = performance.now();
  const variants = gemmVariants(m.build);
  const ws = gemmWorkspace(m);
  const timings: ProbeTimings = {};
  const jobs: { cls: GemmClass; v: GemmVariant; run: () => void }[] = [];
  const blocks: number[] = [];
  for (const [cls, shape] of Object.entries(PROBE_SHAPES) as [GemmClass, [number, number, number, number, number]][]) {
    const [tA, tB, M, N, K] = shape;
    const a = m.arena.alloc(M * K * 4), b = m.arena.alloc(K * N * 4), c = m.arena.alloc(M * N * 4);
    blocks.push(a, b, c);
    m.arena.f32(a, M * K).fill(0.5);
    m.arena.f32(b, K * N).fill(0.25);
    // smallK is the class whose blocking is probed too; the others run blocking b0.
    const candidates = cls === 'smallK' ? variants : variants.filter((v) => v.code >> 4 === 0);
    timings[cls] = {};
    for (const v of candidates) {
      timings[cls]![v.key] = [];
      jobs.push({ cls, v, run: () => m.exports.sgemmVariant(v.code, tA, tB, M, N, K, 1, a, tA ? M : K, b, tB ? K : N, 0, c, N, 0, 0, 0, ws) });
    }
  }
  let warmMs = 0;
  try {
    for (const j of jobs) j.run(); // first calls compile lazily (V8): untimed
    warmMs = performance.now() - t0;
    let live = jobs;
    for (let r = 0; r < ROUNDS; r++) {
      for (const j of live) {
        const t = performance.now();
        j.run();
        timings[j.cls]![j.v.key].push(performance.now() - t);
      }
      if (r >= 1 && performance.now() - t0 > budgetMs) break;
      // Racing: after two rounds only the default and the variants within PRUNE of their class's best go on.
      if (r === 1) live = live.filter((j) => j.v.key === DEFAULT_KEY || bestOf(timings[j.cls]![j.v.key]) <= PRUNE * classBest(timings[j.cls]!));
    }
  } finally {
    for (const p of blocks) m.arena.free(p);
  }
  const chosen = chooseGemm(timings);
  const confirm = confirmRounds(m, ws, chosen.classes, t0);
  const settled = confirmGemm(chosen.classes, confirm);
  const classes = { ...settled.classes, TT: settled.classes.TN };
  const probeMs = performance.now() - t0;
  const disturbed = [...chosen.disturbed, ...settled.disturbed];
  return { build: m.build, classes, source: 'probe', probeMs, warmMs, disturbed, unconfirmed: settled.unconfirmed };
}

/** The MLP-sized check's timings: per class with a non-default pick, the default and the pick, alternately. */
function confirmRounds(m: WasmModule, ws: number, picks: Record<GemmClass, string>, t0: number): ProbeTimings {
  const byKey = new Map(gemmVariants(m.build).map((v) => [v.key, v]));
  const out: ProbeTimings = {};
  for (const [cls, shape] of Object.entries(CONFIRM_SHAPES) as [GemmClass, [number, number, number, number, number]][]) {
    const pick = picks[cls];
    if (pick === DEFAULT_KEY || performance.now() - t0 > CONFIRM_BY_MS) continue;
    const [tA, tB, M, N, K] = shape;
    const a = m.arena.alloc(M * K * 4), b = m.arena.alloc(K * N * 4), c = m.arena.alloc(M * N * 4);
    try {
      m.arena.f32(a, M * K).fill(0.5);
      m.arena.f32(b, K * N).fill(0.25);
      const t: Record<string, number[]> = { [DEFAULT_KEY]: [], [pick]: [] };
      for (let r = 0; r < CONFIRM_ROUNDS; r++) {
        for (const key of [DEFAULT_KEY, pick]) {
          const s = performance.now();
          m.exports.sgemmVariant(byKey.get(key)!.code, tA, tB, M, N, K, 1, a, tA ? M : K, b, tB ? K : N, 0, c, N, 0, 0, 0, ws);
          t[key].push(performance.now() - s);
        }
      }
      out[cls] = t;
    } finally {
      for (const p of [a, b, c]) m.arena.free(p);
    }
  }
  return out;
}

/**
 * The second check: a class's probe pick stays only if chooseGemm, given the MLP-sized check's
 * timings of that pick and the default, picks it again. Otherwise the class runs the default and is
 * listed: `disturbed` when the check's default rounds were noisy, else `unconfirmed` (slower, a
 * tie inside MIN_GAIN or the spread, or not timed at all).
 */
export function confirmGemm(picks: Record<GemmClass, string>, check: ProbeTimings): { classes: Record<GemmClass, string>; disturbed: GemmClass[]; unconfirmed: GemmClass[] } {
  const classes = { ...picks };
  const disturbed: GemmClass[] = [];
  const unconfirmed: GemmClass[] = [];
  for (const cls of GEMM_CLASSES) {
    const pick = picks[cls];
    if (pick === DEFAULT_KEY || cls === 'TT') continue; // TT takes TN's settled choice (probeGemm)
    const t = check[cls];
    const again = t?.[pick] ? chooseGemm({ [cls]: { [DEFAULT_KEY]: t[DEFAULT_KEY] ?? [], [pick]: t[pick] } }) : undefined;
    if (again?.classes[cls] === pick) continue;
    classes[cls] = DEFAULT_KEY;
    (again?.disturbed.includes(cls) ? disturbed : unconfirmed).push(cls);
  }
  return { classes, disturbed, unconfirmed };
}

/**
 * The choice from probe timings: per class the variant with the fastest best round, kept only if it
 * beats the default's best round by more than MIN_GAIN and by more than the default's spread; a class
 * whose default spread exceeds NOISY, or that has no timings, stays at the default.
 */
export function chooseGemm(timings: ProbeTimings): { classes: Record<GemmClass, string>; disturbed: GemmClass[] } {
  const classes = {} as Record<GemmClass, string>;
  const disturbed: GemmClass[] = [];
  for (const cls of GEMM_CLASSES) {
    classes[cls] = DEFAULT_KEY;
    const t = timings[cls];
    const base = t?.[DEFAULT_KEY];
    if (!t || !base || base.length === 0) continue;
    const spread = median(base) / Math.min(...base) - 1;
    if (!(spread <= NOISY)) {
      disturbed.push(cls);
      continue;
    }
    let bestKey = DEFAULT_KEY;
    let best = Math.min(...base);
    for (const [key, rounds] of Object.entries(t)) {
      if (rounds.length === 0) continue;
      const x = Math.min(...rounds);
      if (x < best) [bestKey, best] = [key, x];
    }
    if (best < Math.min(...base) * (1 - Math.max(MIN_GAIN, spread))) classes[cls] = bestKey;
  }
  return { classes, disturbed };
}

const bestOf = (a: number[]) => Math.min(...a);
const classBest = (t: Record<string, number[]>) => Math.min(...Object.values(t).map(bestOf));

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
