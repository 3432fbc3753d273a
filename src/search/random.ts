// Random search (Bergstra & Bengio 2012): every parameter drawn from its prior, as hyperopt's
// rand.suggest. The prior samplers here are also TPE's startup sampler and anneal's fallback.
import type { Rng } from '../rng.js';
import { isActive, type CompiledSpace, type Vals } from './compile.js';
import { CategoricalExpr, quantize, type NumericExpr } from './space.js';
import { suggestFunction, type Algorithm } from './algorithm.js';

/** Index drawn from the (normalised) probabilities `p`. */
export function sampleCategorical(p: ArrayLike<number>, rng: Rng): number {
  let u = rng.uniform();
  for (let i = 0; i < p.length - 1; i++) {
    u -= p[i];
    if (u < 0) return i;
  }
  return p.length - 1;
}

/** One draw from a numeric expression's prior. */
export function sampleNumeric(e: NumericExpr, rng: Rng): number {
  let x: number;
  if (e.bounded) x = rng.range(e.a, e.b);
  else x = e.a + e.b * rng.normal();
  if (e.log) x = Math.exp(x);
  return quantize(x, e.q);
}

/** A full configuration's vals drawn from the prior (only active parameters are drawn). */
export function samplePrior(cs: CompiledSpace, rng: Rng): Vals {
  const vals: Vals = {};
  for (const p of cs.params) {
    if (!isActive(p, vals)) continue;
    vals[p.label] = p.expr instanceof CategoricalExpr ? sampleCategorical(p.expr.probs, rng) : sampleNumeric(p.expr, rng);
  }
  return vals;
}

/** `algo: random()` (or `'random'`) for fmin. */
export function random(): Algorithm {
  return { name: 'random', suggest: (ctx) => samplePrior(ctx.cs, ctx.rng) };
}
random.suggest = suggestFunction(random());

/** hyperopt's `rand` module: `algo: rand.suggest` is random search. */
export const rand = Object.freeze({ suggest: random.suggest });
