// The contract between fmin and a search algorithm: given the space and the history (finished and
// pending trials), propose the next trial's vals. `rng` is seeded from (fmin seed, tid), so a
// resumed or repeated search proposes the same points.
import type { Rng } from '../rng.js';
import type { CompiledSpace, Vals } from './compile.js';
import type { TrialRecord } from './trial.js';

/**
 * What a search algorithm sees when asked for the next trial: the compiled space, every known trial, the
 * trial id and an Rng seeded from (fmin seed, tid).
 */
export interface SuggestContext {
  readonly cs: CompiledSpace;
  /** Every known trial, oldest first: finished ('ok', 'fail', 'pruned') and 'running' ones. */
  readonly history: readonly TrialRecord[];
  readonly tid: number;
  readonly rng: Rng;
}

/**
 * A search algorithm for fmin (TPE, random, anneal, grid, or your own): proposes the next trial's values
 * from the space and the history.
 */
export interface Algorithm {
  readonly name: string;
  suggest(ctx: SuggestContext): Vals;
  /** For finite algorithms (grid): how many distinct points exist; fmin stops there. */
  capacity?(cs: CompiledSpace): number;
}

/**
 * hyperopt passes an algorithm as its module's suggest function (`algo=tpe.suggest`); ours are
 * `tpe.suggest`, `rand.suggest` (= `random.suggest`) and `anneal.suggest`: the default-option
 * algorithm's suggest, carrying the algorithm so fmin keeps its name and capacity.
 */
export type SuggestFunction = ((ctx: SuggestContext) => Vals) & { readonly algorithm: Algorithm };

export function suggestFunction(algorithm: Algorithm): SuggestFunction {
  return Object.assign((ctx: SuggestContext) => algorithm.suggest(ctx), { algorithm });
}
