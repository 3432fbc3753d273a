// fitDataset's batches, epoch by epoch. Without stepsPerEpoch every epoch iterates the dataset
// afresh until it ends (a one-shot generator serves one epoch). With stepsPerEpoch, as Keras 3's
// EpochIterator (keras/src/trainers/epoch_iterator.py): one iterator persists across epochs and each
// epoch takes its next stepsPerEpoch batches; when the iterator runs out mid-epoch, Keras warns
// "Your input ran out of data; interrupting training..." and ends that epoch early, and the next
// epoch starts a fresh iterator. We do the same, warning once per fit (Python shows a warning once
// per location by default). One difference: an iterator that ran out exactly at an epoch boundary
// is restarted at once, so that epoch gets its batches; Keras 3, when it does not know the
// dataset's length, yields an empty epoch with the warning.
import type { Batch, Dataset } from '../data/batch.js';
import { warn } from '../../bindings/log.js';

type AnyIterator = Iterator<Batch> | AsyncIterator<Batch>;

export class DatasetEpochs {
  private it: AnyIterator | null = null;
  private warned = false;
  /** The first batch, pulled by peek() before the first epoch; next() hands it out first. */
  private held: Batch | null = null;

  constructor(private readonly dataset: Dataset, private readonly stepsPerEpoch: number | null) {}

  /** Called at each epoch start: without stepsPerEpoch the epoch gets a fresh iterator. */
  beginEpoch(): void {
    if (this.stepsPerEpoch === null && this.held === null) this.it = null;
  }

  /**
   * Pulls the first batch ahead of the first epoch, from the iterator that epoch goes on with (so a
   * one-shot generator loses nothing): the model takes its input shape from it when it has none, and
   * placement its batch size. Null for a dataset with no batches.
   */
  async peek(): Promise<Batch | null> {
    this.held = await this.pull();
    return this.held;
  }

  /** The epoch's next batch, or null when the epoch is over (`taken`: batches it has had so far). */
  async next(taken: number): Promise<Batch | null> {
    if (this.stepsPerEpoch !== null && taken >= this.stepsPerEpoch) return null;
    if (this.held) {
      const first = this.held;
      this.held = null;
      return first;
    }
    const fresh = this.it === null;
    const batch = await this.pull();
    if (batch || this.stepsPerEpoch === null) return batch;
    if (taken === 0 && !fresh) return this.pull(); // ran out at the epoch boundary: restart
    if (taken > 0 && !this.warned) {
      this.warned = true;
      warn(`fitDataset: your input ran out of data after ${taken} of stepsPerEpoch = ${this.stepsPerEpoch} batches; ending the epoch early (the next epoch restarts the dataset). Make sure the dataset yields at least stepsPerEpoch batches.`);
    }
    return null;
  }

  /** Releases a persisted or abandoned iterator (a generator's finally blocks run). */
  async close(): Promise<void> {
    const it = this.it;
    this.it = null;
    if (it?.return) await it.return();
  }

  /** Next value of the current iterator (opened if needed); at its end the iterator is dropped. */
  private async pull(): Promise<Batch | null> {
    if (!this.it) {
      const d = this.dataset as Partial<AsyncIterable<Batch> & Iterable<Batch>>;
      this.it = d[Symbol.asyncIterator] ? d[Symbol.asyncIterator]!() : d[Symbol.iterator]!();
    }
    const r = await this.it.next();
    if (r.done) {
      this.it = null;
      return null;
    }
    // for-await awaits the values of a sync iterator too.
    return await r.value;
  }
}
