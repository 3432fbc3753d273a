// Early-stopping rules for fmin's earlyStopFn, after hyperopt.early_stop.no_progress_loss: stop when
// `iterationStopCount` trials in a row failed to beat the best loss by more than `percentIncrease`
// percent of it. Computed from the finished 'ok' trials in tid order, so it holds across resumes.
import { checkInt, checkNumber } from '../validate.js';
import type { Trials } from './trials.js';

/**
 * An `earlyStopFn` for fmin after hyperopt's no_progress_loss: stop when `iterationStopCount` trials in a
 * row did not beat the best loss by more than `percentIncrease` percent.
 */
export function noProgressLoss(iterationStopCount = 20, percentIncrease = 0): (trials: Trials) => boolean {
  checkInt('noProgressLoss', 'iterationStopCount', iterationStopCount, 1);
  checkNumber('noProgressLoss', 'percentIncrease', percentIncrease, 0);
  return (trials) => {
    let best: number | null = null;
    let stale = 0;
    for (const t of trials.trials) {
      if (t.status !== 'ok') continue;
      const loss = t.loss as number;
      if (best === null) {
        best = loss;
        stale = 1; // hyperopt counts the first trial as an iteration without progress
      } else if (loss < best - Math.abs((best * percentIncrease) / 100)) {
        best = loss;
        stale = 0;
      } else {
        stale++;
      }
    }
    return stale >= iterationStopCount;
  };
}
