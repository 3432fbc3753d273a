// Candidate sets for gridSearch / randomSearch, as scikit-learn's ParameterGrid and
// ParameterSampler. A grid is { name: [values] } (or an array of such grids, searched one after the
// other); its points iterate keys in sorted order, the last key varying fastest. Distributions map a
// name to a list (drawn uniformly) or an `hp` expression; when every entry is a list, points are
// drawn from the grid without replacement (sklearn's rule), else independently.
import { ValidationError } from '../errors.js';
import { Rng } from '../rng.js';
import { buildConfig, compileSpace } from './compile.js';
import { samplePrior } from './random.js';
import { CategoricalExpr, NumericExpr, hp } from './space.js';

/**
 * gridSearch's candidates, as scikit-learn's ParameterGrid: { name: [values] } (every combination), or a
 * list of such grids searched one after the other.
 */
export type ParamGrid = Record<string, readonly unknown[]> | readonly Record<string, readonly unknown[]>[];
/**
 * randomSearch's candidates, as scikit-learn's ParameterSampler: each name maps to a list (drawn
 * uniformly) or an `hp` expression.
 */
export type ParamDistributions = Record<string, readonly unknown[] | CategoricalExpr | NumericExpr>;

function checkGrid(fn: string, g: unknown, arg: string): Record<string, readonly unknown[]> {
  if (g === null || typeof g !== 'object' || Array.isArray(g)) throw new ValidationError(fn, arg, 'an object of name -> array of values', g, 'ERR_INVALID_TYPE');
  for (const [k, v] of Object.entries(g)) {
    if (!Array.isArray(v) || v.length === 0) throw new ValidationError(fn, `${arg}.${k}`, 'a non-empty array of values', v);
  }
  return g as Record<string, readonly unknown[]>;
}

export function parameterGrid(fn: string, grid: ParamGrid): Record<string, unknown>[] {
  const grids = Array.isArray(grid) ? grid : [grid];
  const out: Record<string, unknown>[] = [];
  grids.forEach((g0, gi) => {
    const g = checkGrid(fn, g0, Array.isArray(grid) ? `paramGrid[${gi}]` : 'paramGrid');
    const keys = Object.keys(g).sort();
    const idx = new Array(keys.length).fill(0);
    for (;;) {
      out.push(Object.fromEntries(keys.map((k, i) => [k, g[k][idx[i]]])));
      let d = keys.length - 1;
      while (d >= 0 && ++idx[d] === g[keys[d]].length) idx[d--] = 0;
      if (d < 0) break;
    }
  });
  return out;
}

export function parameterSampler(fn: string, dists: ParamDistributions, nIter: number, seed: number): Record<string, unknown>[] {
  if (dists === null || typeof dists !== 'object' || Array.isArray(dists)) throw new ValidationError(fn, 'paramDistributions', 'an object of name -> array or hp expression', dists, 'ERR_INVALID_TYPE');
  const rng = new Rng(seed);
  const entries = Object.entries(dists);
  if (entries.every(([, v]) => Array.isArray(v))) {
    const all = parameterGrid(fn, dists as Record<string, readonly unknown[]>);
    rng.shuffle(all);
    return all.slice(0, nIter);
  }
  const space: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    if (Array.isArray(v)) space[k] = hp.choice(`${k}`, v);
    else if (v instanceof CategoricalExpr || v instanceof NumericExpr) space[k] = v;
    else throw new ValidationError(fn, `paramDistributions.${k}`, 'an array or an hp expression', v);
  }
  const cs = compileSpace(space, fn);
  return Array.from({ length: nIter }, () => buildConfig(space, samplePrior(cs, rng)) as Record<string, unknown>);
}
