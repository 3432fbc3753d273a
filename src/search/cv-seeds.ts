// The seeds of a search (issue 18 item 8): every random thing in it comes from one number, so the
// same seed repeats a whole search bit for bit, and a search run without one reports the seed it
// drew (result.seed) so that it can be repeated.
// - gridSearch / randomSearch: the search seed orders the fold shuffle and randomSearch's sampling
//   (as sklearn's KFold / ParameterSampler random_state) and gives each fit its own seed: candidate
//   c on fold f gets fitSeed(seed, c, f), the refit of the best candidate fitSeed(seed, best, k).
//   One seed per fit is scikit-learn's recommended practice for randomized estimators in CV: "it is
//   preferable to evaluate the cross-validation performance by letting the estimator use a different
//   RNG on each fold" (doc/common_pitfalls.rst, "Robustness of cross-validation results"), which a
//   RandomState instance shared by GridSearchCV's clones gives (every fit draws from it in turn,
//   "Cloning"). Here the seed is a function of (search seed, candidate, fold) rather than of how many
//   fits ran before, so it does not depend on the order the fits run in.
//   It goes to the weight initialisation of a model built without a seed (model/searchSeed.ts), to
//   fit's `seed` (shuffling, dropout and other noise layers, augmentation layers) unless fitOptions
//   sets one, and to buildModel's context for models that seed themselves. A model given its own
//   seed keeps it, as an sklearn estimator with an integer random_state does.
// - fmin: trial `tid` gets trial.seed = objectiveSeed(seed, tid) for the objective to pass on
//   (sequential({ seed: trial.seed }), fit's seed, gridSearch({ seed: trial.seed }) for CV). hyperopt
//   seeds only its suggestions (rstate); the objective's randomness is left to the user.
// All are trialSeed (trial-seed.ts) streams of the search seed xor a constant, so they differ from the
// fold-shuffle and parameter-sampling streams that use the search seed itself.
import { SEARCH_SEED, isSearchSeedable } from '../model/searchSeed.js';
import { randomSeed } from '../rng.js';
import { checkInt } from '../validate.js';
import { trialSeed } from './trial-seed.js';

/** First 32 bits of the fractional parts of sqrt(3) and sqrt(2) (SHA-256's constants): arbitrary, fixed salts. */
const FIT_SALT = 0xbb67ae85;
const OBJECTIVE_SALT = 0x6a09e667;

/** The search's seed: the one given (checked), else one drawn at random (sklearn's random_state=None). */
export function searchSeed(fn: string, seed: unknown): number {
  return seed === undefined ? randomSeed() : checkInt(fn, 'seed', seed, 0, 0xffffffff);
}

/** The seed of candidate `candidate`'s fit on fold `fold` (the refit: fold = k) in a search seeded with `seed`. */
export function fitSeed(seed: number, candidate: number, fold: number): number {
  return trialSeed(trialSeed((seed ^ FIT_SALT) >>> 0, candidate), fold);
}

/** trial.seed of trial `tid` in an fmin search seeded with `seed`. */
export function objectiveSeed(seed: number, tid: number): number {
  return trialSeed((seed ^ OBJECTIVE_SALT) >>> 0, tid);
}

/** Seeds a freshly built model's initialisation (when it has no seed of its own and nothing wrote its weights). */
export function seedModel(model: unknown, seed: number): void {
  if (isSearchSeedable(model)) model[SEARCH_SEED](seed);
}

/** fit's options with the fit's seed, unless they set their own. */
export function seedFitOptions(options: Record<string, unknown>, seed: number): Record<string, unknown> {
  return options.seed !== undefined ? options : { ...options, seed };
}
