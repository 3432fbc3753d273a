// Keras 3 keras.callbacks.History: records every epoch's logs. `history.history.loss[i]` is epoch
// `history.epoch[i]`'s loss; model.fit returns this object.
import type { Callback, Logs, TrainingParams } from './callback.js';

/**
 * Records every epoch's logs: `history.history.loss[i]` is epoch `history.epoch[i]`'s loss. `model.fit`
 * returns one.
 */
export class History implements Callback {
  epoch: number[] = [];
  history: Record<string, number[]> = {};
  params: TrainingParams | null = null;

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  onTrainBegin(): void {
    this.epoch = [];
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

/** A new History callback (fit already returns one; this is for passing your own). */
export function history(): History {
  return new History();
}
