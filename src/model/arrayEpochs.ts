// fit's batches over in-memory arrays, epoch by epoch, as Keras 3's EpochIterator drives its
// ArrayDataAdapter (keras/src/trainers/epoch_iterator.py, data_adapters/array_data_adapter.py).
// A "pass" is one (seeded, reshuffled) permutation of the samples cut into N = ceil(n / batchSize)
// batches. Without stepsPerEpoch every epoch is one fresh pass. With stepsPerEpoch = S the pass
// persists across epochs: each epoch takes the pass's next S batches; when the pass is used up
// mid-epoch, Keras warns "Your input ran out of data; interrupting training" and ends that epoch
// early (it does not wrap into a new pass mid-epoch); a pass used up at or before an epoch's end is
// replaced by a new shuffled pass at the next epoch. So S > N gives N batches per epoch, and S < N
// with N % S != 0 gives a short epoch at the end of every pass. We warn once per fit (Python shows a
// warning once per call site by default). Also as Keras: with stepsPerEpoch and no batchSize the
// batch size is ceil(n / stepsPerEpoch) (ArrayDataAdapter), so one pass is about one epoch.
// Difference: Keras seeds each pass's shuffle from its global RNG; ours come from fit's `seed`.
import { Rng } from '../rng.js';
import { warn } from '../../bindings/log.js';

/** Keras's batch size for array data: the given one, else ceil(n / stepsPerEpoch) with stepsPerEpoch, else 32. */
export function arrayBatchSize(n: number, batchSize: number | undefined, stepsPerEpoch: number | null): number {
  if (batchSize !== undefined) return batchSize;
  return stepsPerEpoch === null ? 32 : Math.ceil(n / stepsPerEpoch);
}

export class ArrayEpochs {
  /** The current pass's sample order [n] (batches are idx[start .. start + batchSize)). */
  readonly idx: Int32Array;
  /** Batches per pass. */
  readonly perPass: number;
  /** Batches of the current pass taken so far; perPass when a new pass is due. */
  private taken: number;
  private warned = false;

  constructor(private readonly n: number, private readonly batchSize: number, private readonly stepsPerEpoch: number | null, private readonly shuffle: boolean, private readonly rng: Rng) {
    this.idx = new Int32Array(n);
    this.perPass = Math.ceil(n / batchSize);
    this.taken = this.perPass;
  }

  /** Batches per epoch as Keras reports them in callback params (stepsPerEpoch, else a pass). */
  get steps(): number {
    return this.stepsPerEpoch ?? this.perPass;
  }

  /** At each epoch start: a new pass when the last one is used up, or always without stepsPerEpoch. */
  beginEpoch(): void {
    if (this.stepsPerEpoch !== null && this.taken < this.perPass) return;
    for (let i = 0; i < this.n; i++) this.idx[i] = i;
    if (this.shuffle) this.rng.shuffle(this.idx);
    this.taken = 0;
  }

  /** Start (into idx) of the epoch's next batch, or -1 when the epoch is over (`ran`: batches it has had). */
  next(ran: number): number {
    if (this.stepsPerEpoch !== null && ran >= this.stepsPerEpoch) return -1;
    if (this.taken >= this.perPass) {
      if (this.stepsPerEpoch !== null && !this.warned) {
        this.warned = true;
        warn(
          `fit: your input ran out of data after ${ran} of stepsPerEpoch = ${this.stepsPerEpoch} batches (${this.perPass} batches of ${this.batchSize} per pass over ${this.n} samples); ending the epoch early, the next epoch starts a new pass (as Keras 3).`,
        );
      }
      return -1;
    }
    return this.taken++ * this.batchSize;
  }
}
