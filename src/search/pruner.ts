// The contract between fmin and a pruner: asked after each intermediate report whether the trial
// should stop (Optuna's BasePruner.prune). Pruners see the whole history through `trials`.
import type { TrialRecord } from './trial.js';
import type { Trials } from './trials.js';

/**
 * Decides after each intermediate report whether a trial should stop (Optuna's BasePruner), judged on the
 * trials' reported values alone, so decisions repeat after a resume.
 */
export interface Pruner {
  /** True to prune `trial`, judged on its intermediate values against the other trials'. */
  prune(trial: TrialRecord, trials: Trials): boolean;
}
