// Tree-structured Parzen Estimator (Bergstra et al. 2011), with hyperopt's tpe.py defaults. Finished
// trials are ranked by loss; the best ceil(gamma * sqrt(n)) (at most linearForgetting) form the
// "good" group l(x), the rest g(x). Each parameter is chosen independently: nEICandidates draws
// from l, keeping the one that maximises l(x) / g(x) (equivalent to maximising expected
// improvement, paper eq. 4). A parameter's observations come only from trials where it was active,
// which is how conditional (tree-structured) spaces are handled.
// Pruned trials rank after all 'ok' ones (Optuna's rule), and running trials count as bad
// observations (a constant liar, as Optuna's constant_liar): in a parallel search, a worker's pending
// point makes nearby points less attractive to the next suggestion.
import { checkInt, checkKeys, checkNumber } from '../validate.js';
import type { Rng } from '../rng.js';
import { suggestFunction, type Algorithm, type SuggestContext } from './algorithm.js';
import { isActive, type Vals } from './compile.js';
import { adaptiveParzen, acceptMass, logMass, logPdf, linearForgettingWeights, sampleMixture } from './parzen.js';
import { samplePrior, sampleCategorical } from './random.js';
import { CategoricalExpr, quantize, type NumericExpr } from './space.js';
import type { TrialRecord } from './trial.js';

/** Options of `tpe` (hyperopt's tpe.py names, camelCase, and defaults). */
export interface TpeOptions {
  /** Trials drawn from the prior before TPE starts modelling (hyperopt: 20). */
  nStartupJobs?: number;
  /** Fraction (times sqrt(n)) of trials in the good group (hyperopt: 0.25). */
  gamma?: number;
  /** Candidates drawn from l(x) per parameter (hyperopt: 24). */
  nEICandidates?: number;
  /** Weight of the prior component in each Parzen mixture (hyperopt: 1). */
  priorWeight?: number;
  /** Observations beyond this many are down-weighted linearly by age (hyperopt: 25). */
  linearForgetting?: number;
}

/** `algo: tpe({...})` (or `'tpe'` for the defaults). */
export function tpe(options: TpeOptions = {}): Algorithm {
  const fn = 'tpe';
  checkKeys(fn, options, ['nStartupJobs', 'gamma', 'nEICandidates', 'priorWeight', 'linearForgetting']);
  const o = {
    nStartupJobs: checkInt(fn, 'nStartupJobs', options.nStartupJobs ?? 20, 0),
    gamma: checkNumber(fn, 'gamma', options.gamma ?? 0.25, 0, 1, { minExclusive: true }),
    nEICandidates: checkInt(fn, 'nEICandidates', options.nEICandidates ?? 24, 1),
    priorWeight: checkNumber(fn, 'priorWeight', options.priorWeight ?? 1, 0, Infinity, { minExclusive: true }),
    linearForgetting: checkInt(fn, 'linearForgetting', options.linearForgetting ?? 25, 1),
  };
  return { name: 'tpe', suggest: (ctx) => suggest(ctx, o) };
}
/** hyperopt's `tpe.suggest`: TPE with the defaults above. */
tpe.suggest = suggestFunction(tpe());

type Resolved = Required<TpeOptions>;

function suggest(ctx: SuggestContext, o: Resolved): Vals {
  const { below, above } = split(ctx.history, o);
  if (below === null) return samplePrior(ctx.cs, ctx.rng);
  const vals: Vals = {};
  for (const p of ctx.cs.params) {
    if (!isActive(p, vals)) continue;
    const b = observations(below, p.label);
    const a = observations(above, p.label);
    vals[p.label] = p.expr instanceof CategoricalExpr ? pickCategorical(p.expr, b, a, o, ctx.rng) : pickNumeric(p.expr, b, a, o, ctx.rng);
  }
  return vals;
}

/**
 * Good and bad groups, each in tid (time) order (history is oldest first); below is null while still
 * in the startup phase. Failed trials are ignored, as in hyperopt.
 */
function split(history: readonly TrialRecord[], o: Resolved): { below: TrialRecord[] | null; above: TrialRecord[] } {
  const ok: TrialRecord[] = [];
  const pruned: TrialRecord[] = [];
  for (const t of history) {
    if (t.status === 'ok') ok.push(t);
    else if (t.status === 'pruned') pruned.push(t);
  }
  const n = ok.length + pruned.length;
  if (n < o.nStartupJobs || n === 0) return { below: null, above: [] };
  const nBelow = Math.min(Math.ceil(o.gamma * Math.sqrt(n)), o.linearForgetting);
  const good = new Set(smallest(ok, nBelow));
  if (good.size < nBelow) {
    // Pruned: those that got further first, then by their last value (Optuna's ranking).
    const last = (t: TrialRecord) => t.intermediate[t.intermediate.length - 1] ?? [-Infinity, Infinity];
    pruned.sort((x, y) => last(y)[0] - last(x)[0] || last(x)[1] - last(y)[1] || x.tid - y.tid);
    for (const t of pruned.slice(0, nBelow - good.size)) good.add(t);
  }
  const below: TrialRecord[] = [];
  const above: TrialRecord[] = [];
  for (const t of history) {
    if (good.has(t)) below.push(t);
    else if (t.status !== 'fail') above.push(t);
  }
  return { below, above };
}

/** The k trials with the lowest (loss, tid), by insertion into a short sorted list: O(n k) at worst. */
function smallest(trials: readonly TrialRecord[], k: number): TrialRecord[] {
  const top: TrialRecord[] = [];
  const before = (a: TrialRecord, b: TrialRecord) => (a.loss as number) < (b.loss as number) || (a.loss === b.loss && a.tid < b.tid);
  for (const t of trials) {
    if (top.length === k && !before(t, top[k - 1])) continue;
    let i = Math.min(top.length, k - 1);
    if (top.length < k) top.push(t);
    while (i > 0 && before(t, top[i - 1])) {
      top[i] = top[i - 1];
      i--;
    }
    top[i] = t;
  }
  return top;
}

function observations(trials: readonly TrialRecord[], label: string): number[] {
  const out: number[] = [];
  for (const t of trials) {
    const v = t.vals[label];
    if (v !== undefined) out.push(v);
  }
  return out;
}

/** Posterior probabilities: forgetting-weighted counts plus priorWeight pseudo-counts spread by the prior. */
function categoricalPosterior(e: CategoricalExpr, obs: number[], o: Resolved): Float64Array {
  const n = e.options.length;
  const w = linearForgettingWeights(obs.length, o.linearForgetting);
  const p = new Float64Array(n);
  // hyperopt adds priorWeight to every count; scaling by n * prior keeps that for uniform priors
  // and respects pchoice's probabilities otherwise.
  for (let i = 0; i < n; i++) p[i] = o.priorWeight * n * e.probs[i];
  for (let i = 0; i < obs.length; i++) p[obs[i]] += w[i];
  let s = 0;
  for (let i = 0; i < n; i++) s += p[i];
  for (let i = 0; i < n; i++) p[i] /= s;
  return p;
}

function pickCategorical(e: CategoricalExpr, below: number[], above: number[], o: Resolved, rng: Rng): number {
  const pb = categoricalPosterior(e, below, o);
  const pa = categoricalPosterior(e, above, o);
  let best = -1;
  let bestScore = -Infinity;
  for (let c = 0; c < o.nEICandidates; c++) {
    const i = sampleCategorical(pb, rng);
    const raw = Math.log(pb[i]) - Math.log(pa[i]);
    const score = Number.isNaN(raw) ? -Infinity : raw; // a 0/0 ratio ranks last
    if (score > bestScore || best < 0) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** Values -> model domain (log for the log kinds; hyperopt floors at 1e-12 before the log). */
function toModel(e: NumericExpr, v: number): number {
  return e.log ? Math.log(Math.max(v, 1e-12)) : v;
}

function pickNumeric(e: NumericExpr, below: number[], above: number[], o: Resolved, rng: Rng): number {
  const priorMu = e.bounded ? 0.5 * (e.a + e.b) : e.a;
  const priorSigma = e.bounded ? e.b - e.a : e.b;
  const lo = e.bounded ? e.a : -Infinity;
  const hi = e.bounded ? e.b : Infinity;
  const lb = adaptiveParzen(below.map((v) => toModel(e, v)), o.priorWeight, priorMu, priorSigma, o.linearForgetting);
  const la = adaptiveParzen(above.map((v) => toModel(e, v)), o.priorWeight, priorMu, priorSigma, o.linearForgetting);
  const logPb = Math.log(acceptMass(lb, lo, hi));
  const logPa = Math.log(acceptMass(la, lo, hi));
  let best = NaN;
  let bestScore = -Infinity;
  for (let c = 0; c < o.nEICandidates; c++) {
    const z = sampleMixture(lb, lo, hi, rng);
    let score: number;
    let value: number;
    if (e.q > 0) {
      value = quantize(e.log ? Math.exp(z) : z, e.q);
      // The candidate's probability is the mass of its quantization cell, clipped to the bounds.
      let a = value - e.q / 2;
      let b = value + e.q / 2;
      if (e.log) {
        a = a > 0 ? Math.log(a) : -Infinity;
        b = Math.log(b);
      }
      a = Math.max(a, lo);
      b = Math.min(b, hi);
      score = logMass(lb, a, b, logPb) - logMass(la, a, b, logPa);
    } else {
      value = e.log ? Math.exp(z) : z;
      // Densities in the model domain: the log kinds' Jacobian 1/x cancels in the ratio.
      score = logPdf(lb, z, logPb) - logPdf(la, z, logPa);
    }
    if (Number.isNaN(score)) score = -Infinity; // a 0/0 ratio ranks last
    if (score > bestScore || Number.isNaN(best)) {
      bestScore = score;
      best = value;
    }
  }
  return best;
}
