// Annealing search, after hyperopt's anneal.py: pick a good past trial (its rank in loss order drawn
// from a geometric distribution with mean avgBestIdx), then draw each parameter near that trial's
// value, in a window that shrinks as the parameter gathers observations:
// shrink = 1 / (1 + T * shrinkCoef), T = observations of the parameter so far. Bounded numbers are
// drawn uniformly in a window shrink * (high - low) wide kept inside the bounds; unbounded ones from
// a normal with sigma * shrink; categorical ones keep the good value with probability 1 - shrink and
// otherwise follow the prior. Parameters the good trial lacks are drawn from the prior.
import { checkKeys, checkNumber } from '../validate.js';
import type { Rng } from '../rng.js';
import { suggestFunction, type Algorithm } from './algorithm.js';
import { isActive, type Vals } from './compile.js';
import { sampleCategorical, sampleNumeric, samplePrior } from './random.js';
import { CategoricalExpr, quantize, type NumericExpr } from './space.js';

/** Options of `anneal` (hyperopt's anneal.py names, camelCase, and defaults). */
export interface AnnealOptions {
  /** Mean rank of the trial annealed around (hyperopt: 2). */
  avgBestIdx?: number;
  /** Window shrink rate per observation (hyperopt: 0.1). */
  shrinkCoef?: number;
}

/**
 * Annealing search after hyperopt's anneal.py: picks a good past trial and draws each parameter near its
 * value, in a window that shrinks as the parameter gathers observations. `anneal.suggest` is the
 * default-option algorithm.
 */
export function anneal(options: AnnealOptions = {}): Algorithm {
  checkKeys('anneal', options, ['avgBestIdx', 'shrinkCoef']);
  const avgBestIdx = checkNumber('anneal', 'avgBestIdx', options.avgBestIdx ?? 2, 1);
  const shrinkCoef = checkNumber('anneal', 'shrinkCoef', options.shrinkCoef ?? 0.1, 0);
  return {
    name: 'anneal',
    suggest({ cs, history, rng }) {
      const ok = history.filter((t) => t.status === 'ok').sort((a, b) => (a.loss as number) - (b.loss as number) || a.tid - b.tid);
      if (ok.length === 0) return samplePrior(cs, rng);
      // hyperopt draws geometric(1 / avgBestIdx) - 1: failures before the first success, by inversion.
      const p = 1 / avgBestIdx;
      const rank = Math.min(ok.length - 1, Math.floor(Math.log(1 - rng.uniform()) / Math.log(1 - p + 1e-300)));
      const good = ok[Number.isFinite(rank) ? rank : 0].vals;
      const vals: Vals = {};
      for (const param of cs.params) {
        if (!isActive(param, vals)) continue;
        const e = param.expr;
        const g = good[param.label];
        let observed = 0;
        for (const t of history) if (t.vals[param.label] !== undefined) observed++;
        const shrink = 1 / (1 + observed * shrinkCoef);
        if (g === undefined) vals[param.label] = e instanceof CategoricalExpr ? sampleCategorical(e.probs, rng) : sampleNumeric(e, rng);
        else if (e instanceof CategoricalExpr) vals[param.label] = rng.uniform() < 1 - shrink ? g : sampleCategorical(e.probs, rng);
        else vals[param.label] = near(e, g, shrink, rng);
      }
      return vals;
    },
  };
}
/** hyperopt's `anneal.suggest`: annealing with the defaults above. */
anneal.suggest = suggestFunction(anneal());

function near(e: NumericExpr, value: number, shrink: number, rng: Rng): number {
  let z = e.log ? Math.log(Math.max(value, 1e-12)) : value;
  if (e.bounded) {
    const half = 0.5 * shrink * (e.b - e.a);
    const mid = Math.min(Math.max(z, e.a + half), e.b - half);
    z = rng.range(mid - half, mid + half);
  } else {
    z += e.b * shrink * rng.normal();
  }
  return quantize(e.log ? Math.exp(z) : z, e.q);
}
