// Grid search over a finite space: every combination of choice options and of the values a
// quantized bounded expression can take (uniformint, randint, quniform, qloguniform), respecting
// conditional branches. Points are tried in enumeration order (depth-first, first option first, as
// scikit-learn's ParameterGrid); a point already in the history (a resumed search, or one given in
// pointsToEvaluate) is skipped, and fmin stops when the grid is exhausted.
import { ValidationError } from '../errors.js';
import type { Algorithm } from './algorithm.js';
import { isActive, type CompiledSpace, type Vals } from './compile.js';
import { CategoricalExpr, quantize, type NumericExpr } from './space.js';

const MAX_POINTS = 1_000_000;

function values(e: NumericExpr): number[] {
  if (!e.bounded || e.q <= 0) {
    throw new ValidationError('grid', e.label, 'a finite expression (choice, randint, uniformint, quniform, qloguniform)', e.kind);
  }
  const lo = e.log ? Math.exp(e.a) : e.a;
  const hi = e.log ? Math.exp(e.b) : e.b;
  const out: number[] = [];
  for (let k = Math.round(lo / e.q); k <= Math.round(hi / e.q); k++) out.push(quantize(k * e.q, e.q));
  return out;
}

/** Every point of a finite space, in depth-first order. */
export function enumerateGrid(cs: CompiledSpace): Vals[] {
  const out: Vals[] = [];
  const walk = (i: number, vals: Vals): void => {
    if (out.length > MAX_POINTS) throw new ValidationError('grid', 'space', `at most ${MAX_POINTS} points`, 'a larger grid');
    if (i === cs.params.length) {
      out.push({ ...vals });
      return;
    }
    const p = cs.params[i];
    if (!isActive(p, vals)) return walk(i + 1, vals);
    const options = p.expr instanceof CategoricalExpr ? p.expr.options.map((_, k) => k) : values(p.expr);
    for (const v of options) {
      vals[p.label] = v;
      walk(i + 1, vals);
    }
    delete vals[p.label];
  };
  walk(0, {});
  return out;
}

/** `algo: grid()` (or `'grid'`). */
export function grid(): Algorithm {
  const cache = new WeakMap<CompiledSpace, Vals[]>();
  const points = (cs: CompiledSpace) => {
    let g = cache.get(cs);
    if (!g) cache.set(cs, (g = enumerateGrid(cs)));
    return g;
  };
  return {
    name: 'grid',
    capacity: (cs) => points(cs).length,
    suggest(ctx) {
      const seen = new Set(ctx.history.map((t) => JSON.stringify(t.vals)));
      const next = points(ctx.cs).find((v) => !seen.has(JSON.stringify(v)));
      if (!next) throw new ValidationError('grid', 'maxEvals', 'at most the number of grid points', ctx.tid + 1);
      return next;
    },
  };
}
