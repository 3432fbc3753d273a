// A stand-in TrainingModel for callback tests: its one weight holds the epoch that last set it, so
// a restore is visible; save() records paths (and can be made to fail).
import type { Callback, Logs, TrainingModel } from '../../src/callbacks/callback.js';

export class FakeModel implements TrainingModel {
  stopTraining = false;
  learningRate = 0.1;
  weights: Float32Array[] = [new Float32Array([-1])];
  saves: string[] = [];
  failSave = false;

  getWeights(): Float32Array[] {
    return this.weights.map((w) => w.slice());
  }

  setWeights(weights: Float32Array[]): void {
    this.weights = weights.map((w) => w.slice());
  }

  async save(path: string): Promise<void> {
    if (this.failSave) throw new Error('disk full');
    this.saves.push(path);
  }
}

/**
 * Drives a callback the way fit does, one epoch per entry of `epochLogs` (each epoch's weights set
 * to [epoch] before its end hook), stopping when the model asks to. Returns the epochs run.
 */
export async function run(cb: Callback, model: FakeModel, epochLogs: Logs[], initialEpoch = 0): Promise<number> {
  cb.setModel?.(model);
  model.stopTraining = false;
  await cb.onTrainBegin?.({});
  let ran = 0;
  for (let e = initialEpoch; e < initialEpoch + epochLogs.length; e++) {
    await cb.onEpochBegin?.(e, {});
    model.weights = [new Float32Array([e])];
    await cb.onEpochEnd?.(e, { ...epochLogs[e - initialEpoch] });
    ran++;
    if (model.stopTraining) break;
  }
  await cb.onTrainEnd?.({});
  return ran;
}

export const losses = (...v: number[]): Logs[] => v.map((loss) => ({ loss }));
