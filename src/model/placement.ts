// Which module a model trains on (issue 18 item 12: the default thread pool never more than 5% slower
// than one thread). A model is built on the default module, the threads build with its pool; at the
// start of a fit it moves onto that module's single-thread twin (bindings/threads/twin.ts) when none
// of its calls at this batch size would be split, because there the pool only costs (the twin's
// header says what), and back when a larger batch could split.
// "Would be split" is the pool's own verdict, not a second rule: the model's forward pass runs in
// inference mode on the pool (no weight, statistic or random stream changes) until a pass leaves
// every call either under the split floors (pool.minWork, minElements) or settled by the policy as
// too short to gain (policy.ts SPLIT_MIN_MS: its fastest unsplit call under 0.1 ms), and stops at
// the first call the policy splits as that shape's best (the model stays on the pool). A first call
// may be slow (code and caches warming up), so a shape new to the policy may need its warm-up split
// and a second unsplit call before either verdict: at most PASSES passes, one for shapes the
// policy knows already (a model of the same layers and batch trained before). Calls the forward pass does not make are bounded by size instead:
//  - the backward GEMMs of a dense or conv layer multiply the same three extents as its forward
//    GEMM (dX = dY·Wᵀ, dW = Xᵀ·dY), so they take about as long and fall with it;
//  - the elementwise calls of a step that inference does not make (gradient fills, the optimizer
//    step, activation and noise backward) run over the trainable weights, the activation-gradient
//    region or one layer's output: the model stays on the pool unless all of those are under
//    pool.minElements (the floor, not the timed verdict: such a model behaves as before).
// A model too small for any call to reach the floors (gemmWorkBound) is placed without a dry run,
// so its layers' forward is not called; otherwise a custom layer sees up to PASSES extra
// forward(batch, false) calls at the first fit of a batch size.
// Moving copies the weights (moving statistics included) and the optimizer state into a fresh engine
// on the other module; training on either is bit for bit the same (tests/model/placement.test.ts).
// Costs: at the first fit of a batch size, up to PASSES forward passes for shapes new to the policy
// (which then skips its own warm-up calls of them in the fit), one otherwise; a copy of the weights on
// a move.
import type { WasmModule } from '../../bindings/loader.js';
import type { ThreadPool } from '../../bindings/threads/pool.js';
import type { Engine } from './engine.js';
import { singleThreadTwin } from '../../bindings/threads/twin.js';

/** Tests and the bench turn placement off (`enabled`: the pool for every model, as before) and count the moves. */
export const PLACEMENT = { enabled: true, moves: 0 };

/** Forward passes at most: a first unsplit call, a warm-up split, a second unsplit call, and the pass that finds every call settled. */
const PASSES = 4;

/** Where an engine stands: the batch its module was chosen for, and whether that is the twin. */
const decided = new WeakMap<Engine, { batch: number; solo: boolean }>();

/**
 * The module `engine` should train on at `batch` samples a step: `home` (the default threaded module)
 * or its single-thread twin. `home` without a pool (one thread, no SharedArrayBuffer): engine.m.
 */
export async function fitModule(engine: Engine, home: WasmModule, batch: number): Promise<WasmModule> {
  const pool = home.pool;
  if (!pool || !PLACEMENT.enabled) return engine.m;
  const last = decided.get(engine);
  const onTwin = engine.m !== home;
  if (onTwin && !last) return engine.m; // an engine made on a module of its own (benches, tests): not ours to move
  // Work grows with the batch: a batch no larger than one that never split cannot split either, and
  // one no smaller than a batch that could split is left on the pool without another dry run.
  if (last && (last.solo ? batch <= last.batch : batch >= last.batch)) return engine.m;
  if (onTwin) return home; // a larger batch than the twin was chosen for: decide on the pool (the caller moves it back first)
  const solo = pool.threads < 2 || neverSplits(engine, pool, batch);
  decided.set(engine, { batch, solo });
  return solo ? singleThreadTwin(home) : home;
}

/** Records the decision for an engine made by moving (the caller's new engine on `to`). */
export function carryDecision(from: Engine, to: Engine): void {
  const d = decided.get(from);
  if (d) decided.set(to, d);
}

/** Whether no call of a training step at `batch` would be split by `pool` (see the top of this file). */
function neverSplits(engine: Engine, pool: ThreadPool, batch: number): boolean {
  const plan = engine.ensurePlan(batch);
  if (Math.max(engine.layout.trainableSize, plan.gradRegionFloats, batch * Math.max(...engine.layers.map((l) => l.outSize))) >= pool.minElements) return false;
  if (gemmWorkBound(engine, batch) < pool.minWork) return true; // no call reaches the floor: no dry run needed
  // Inputs of zeros: a fresh plan may hold any bytes, and an embedding reads indices from the input.
  engine.k.fillF32(plan.input, batch * engine.inSize, 0);
  const policy = pool.policy;
  for (let pass = 0; pass < PASSES; pass++) {
    const t0 = policy.timed, k0 = policy.kept;
    engine.predictBatch(batch);
    if (policy.kept !== k0) return false; // a shape whose best is to split (known from an earlier model, or forced)
    if (policy.timed === t0) return true;
  }
  return false;
}

/**
 * An upper bound on the multiply-adds (M·N·K) of any GEMM-like call (sgemm, conv2dGemm, depthwise) a
 * layer makes at `batch`: its output block M·N is one of its buffers (output, input gradient, a
 * scratch buffer: at most batch x the largest per sample) or its weights (a weight gradient, whose
 * K is batch x rows per sample, at most batch x inSize), and K is a weight extent or a row count.
 */
function gemmWorkBound(engine: Engine, batch: number): number {
  let bound = 0;
  engine.layers.forEach((l, i) => {
    const params = engine.layout.entries.filter((e) => e.layer === i).reduce((a, e) => a + e.size, 0);
    const perSample = Math.max(l.inSize, l.outSize, ...l.scratch().map((s) => s.perSample + s.fixed));
    bound = Math.max(bound, batch * perSample * Math.max(1, params));
  });
  return bound;
}

/** Copies what training changes (weights, moving statistics, optimizer state) from one engine to another of the same layers. */
export function copyTrainingState(from: Engine, to: Engine): void {
  const src = from.heap(), dst = to.heap();
  const w = from.layout.totalSize;
  dst.set(src.subarray(from.weights >>> 2, (from.weights >>> 2) + w), to.weights >>> 2);
  const a = from.opt, b = to.opt;
  if (a && b && a.stateFloats && a.stateFloats === b.stateFloats) dst.set(src.subarray(a.block >>> 2, (a.block >>> 2) + a.stateFloats), b.block >>> 2);
  to.written = from.written;
}
