// The final model: what a practitioner would ship once the study has chosen a configuration.
// Two trainings, as in Chollet, Deep Learning with Python, 2nd ed., ch. 4 (IMDB, Boston housing:
// read the best number of epochs off the validation curve, then train a new model from scratch on
// all the training data for that many epochs) and ch. 6 (train the final production model on all
// the available data, training and validation, and evaluate it once on the test set):
//  1. 'select': the configuration on the whole training part, up to `cap` epochs (finalEpochs,
//     default convergeEpochs), with early stopping on the study's validation metric (patience a
//     quarter of the cap, at least 3; best weights restored). Its best epoch is E.
//  2. 'refit': the same configuration on the training and validation parts together for E epochs
//     (a schedule then spans E epochs), no validation, evaluated once on the test part.
// Why (MNIST --model mlp --budget 30m, 2026-12-04): the final model was the baseline trained a
// fixed 10 epochs on the 48,000 training images (97.95%) while `npm start`'s mnist_mlp trains 20
// epochs on all 60,000 (98.53%); at 10 epochs of constant-rate rmsprop the test accuracy still
// swings 97.7-98.4% from epoch to epoch (runs/play17/diag-final.jsonl), so the length was a
// lottery and 12,000 images were left out. The validation part is read by the selection run only;
// the test part still once, by the refit.
import type { Pace } from './plan.js';
import type { RunConfig } from './config.js';
import type { RunSpec } from './run.js';

/** Stage 1: the chosen configuration on the whole training part, up to `cap` epochs. */
export function selectSpec(config: RunConfig, cap: number, nTrain: number): RunSpec {
  // The configuration's own early stopping (val_loss) gives way to the selection's (trainRun).
  return { arm: 'final', seed: 1, config: { ...config, epochs: cap, earlyStopping: false, fraction: 1 }, rows: nTrain, test: false, final: 'select' };
}

/** Stage 2: the configuration on training + validation rows for `epochs` epochs, tested once. */
export function refitSpec(config: RunConfig, epochs: number, nTrain: number): RunSpec {
  return { arm: 'final', seed: 1, config: { ...config, epochs, earlyStopping: false, fraction: 1 }, rows: nTrain, test: true, final: 'refit' };
}

/**
 * The epoch early stopping restored: the first best finite value of the validation curve, 1-based
 * (earlyStopping counts only strict improvements, so a later tie is not the best). `fallback` when
 * no epoch has a finite value.
 */
export function bestEpoch(curve: number[], higherIsBetter: boolean, fallback: number): number {
  let best = -1;
  for (let i = 0; i < curve.length; i++) {
    const v = curve[i];
    if (!Number.isFinite(v)) continue;
    if (best < 0 || (higherIsBetter ? v > curve[best] : v < curve[best])) best = i;
  }
  return best < 0 ? fallback : best + 1;
}

/** Planned seconds of both trainings at `cap` epochs: the selection run on the training part with
 *  its validation passes, and the refit on training + validation rows with the test pass. */
export function finalSeconds(pace: Pace, nTrain: number, nVal: number, nTest: number, cap: number): number {
  return pace.estimate(nTrain, cap) + pace.estimate(nTrain + nVal, cap, nTest, 0);
}
