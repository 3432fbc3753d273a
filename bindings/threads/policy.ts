// When a kernel call above the work-size floor (gemm.ts MIN_WORK, elementwise.ts MIN_ELEMENTS,
// depthwise.ts) is split across the pool: decided per call from what calls of the same shape cost,
// split and unsplit, on this machine now. Both ways give bit-identical results (gemm.ts,
// elementwise.ts, depthwise.ts say why), so the choice is free to change from call to call.
// Why measure instead of a fixed rule (issue 18 item 12): a split pays only when the workers run at
// the same time as the caller, on cores of their own. On a quiet machine with two real cores a
// 128x512x784 GEMM ran 1.7-1.9x faster on 2 threads (PLATFORM.md); on two hyperthreads of one core
// the peak probe scaled 1.13x and the split mnist_mlp epoch gained nothing; on a busy machine a
// worker waits a scheduler time slice (milliseconds) for a core and the caller waits with it: a
// 17k-parameter model trained 27x slower on 2 threads than on 1 at load 3.7. No work-size threshold
// is right for all three, and an estimate of the one-thread time from the caller's own part of a
// split call is biased on hyperthreads (both halves run slower side by side): the previous attempt
// at this policy trusted that estimate and lost 7% on a quiet mnist_mlp. So both arms are timed.
// Method (a two-armed bandit per shape, each arm's mean time tracked by an exponential moving
// average; a split must win by 5%, MARGIN): every shape (sgemm's transposes, M, N, K; an elementwise kernel's n) has an entry in a
// small table. Its first three calls run on one thread, split, and on one thread again (the
// faster of the two unsplit ones is kept: a first call can be slow while code and caches warm up);
// after that each call takes the arm with the lower estimate, and it is timed, so a winner that gets worse (a neighbour starts)
// is seen at its next call. The losing arm is tried again (to see a neighbour leave) at most every
// MIN_GAP calls, and only if the time lost to such retries, this one's expected loss (the two
// estimates' difference) included, stays within EXPLORE_BUDGET of the time spent in that shape's
// calls: the retries cost about 1% whatever the loser's ratio. A retry's time replaces the loser's
// estimate (it is the only fresh news of that arm), so one retry is enough to switch back.
// Only the one warm-up split is not budgeted: on a loaded machine it can cost a time slice.
// Calls too short to gain are not explored at all (SPLIT_MIN_MS): once the fastest unsplit call of a
// shape took under 0.1 ms, that shape never splits, not even to warm up or retry, and its calls are
// no longer timed.
// The timer runs only on calls above the work floor (13 µs or more) that are not settled that way.
// A settled shape's begin() + end() took 167 ns with the timer and 19 ns without (median, AMD EPYC,
// 2 vCPUs, 2026-12-04, load 5): small beside the 16,705-parameter model's ~45 µs GEMMs, which never
// split, but the clock has no business on a path whose verdict is final.

/** The share of a shape's time that retries of its losing arm may lose (1%, well inside the 5%). */
const EXPLORE_BUDGET = 0.01;
/** Calls between two retries of the losing arm, at least. */
const MIN_GAP = 8;
/** Weight of a new time in a measured arm's moving average (about the last 4 calls count). */
const ALPHA = 0.25;
/**
 * A split is the better arm only when its estimate is below MARGIN x the unsplit one: a split takes a
 * second core (from a neighbour, on a busy machine) and is followed by polling, costs the per-call
 * timer does not see, so a gain under 5% is not worth it. Ties go to one thread.
 */
const MARGIN = 0.95;
/**
 * Shapes whose fastest unsplit call took less than this (ms) stay on one thread without trying.
 * A worker blocked in Atomics.wait runs 35-60 µs after the notify (pool.ts), and a split of a call
 * under 1 ms is never followed by polling (pool.ts POLL_CALL_RATIO), so such a split takes about
 * T/2 + 40 µs at best, or T plus the handoff when the caller runs the late part itself: it beats
 * MARGIN x T only for T above about 90 µs. Below that every split is a loss the timer sees, but the
 * exploration still paid for it: a 17k-parameter model (its 32x21x784 GEMMs take about 30 µs) lost
 * 15% of the main thread's time to 20% split calls at load 14 against none when nothing split
 * (2026-12-03, AMD EPYC, 2 vCPUs; /work/coord/runs/threads/exp3.mjs).
 */
export const SPLIT_MIN_MS = 0.1;
/** Shapes remembered; a model has a few dozen. A new shape that hashes onto a used entry replaces it. */
const ENTRIES = 256;

// Entry layout (float64s): the shape key, then the statistics.
const K0 = 0, K1 = 1, K2 = 2, K3 = 3, EST1 = 4, EST2 = 5, N1 = 6, N2 = 7, TOTAL = 8, LOST = 9, SINCE = 10, USED = 11, MIN1 = 12;
const FIELDS = 13;

export const KIND_GEMM = 0;
export const KIND_ELEMENTWISE = 1;
export const KIND_DEPTHWISE = 2;
export const KIND_CONV = 3;

export class SplitPolicy {
  /** False: split every call above the floor (the tests and the bench's forced rows). */
  adaptive = true;
  /** Calls decided (split or not), calls split, and retries of the losing arm: for the bench and tests. */
  decided = 0;
  split = 0;
  retried = 0;
  /**
   * Calls begun whose verdict is not final: timed (warming up, exploring or splitting), or forced;
   * and of those, calls split as the shape's current best (forced ones included). A model's placement
   * (src/model/placement.ts) runs its forward pass until a pass adds no timed call, or a kept split.
   */
  timed = 0;
  kept = 0;
  private readonly table = new Float64Array(ENTRIES * FIELDS);
  // The call in flight (begin .. end): the caller runs one kernel at a time.
  private entry = -1;
  private arm = 0;
  private retry = false;
  private keep = true;
  private oneMs = Infinity;
  private t0 = 0;

  /** `now`: a clock in ms (tests drive it). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Whether the call with this shape key (k0: kind and variant, k1..k3: sizes) should be split;
   * starts its timer. Every begin must be followed by end() once the call (and its join) is done.
   */
  begin(k0: number, k1: number, k2: number, k3: number): boolean {
    if (!this.adaptive) {
      this.entry = -1;
      this.keep = true;
      this.oneMs = Infinity;
      this.timed++;
      this.kept++;
      return true;
    }
    const T = this.table;
    const e = this.find(k0, k1, k2, k3);
    const n1 = T[e + N1], n2 = T[e + N2];
    this.decided++;
    if (n1 > 0 && T[e + MIN1] < SPLIT_MIN_MS) {
      // Settled: too short to gain (SPLIT_MIN_MS), and MIN1 only falls, so no later time can change
      // the verdict. The call is not timed: end() does nothing, and the clock stays off the hot path.
      this.entry = -1;
      this.keep = false;
      this.oneMs = T[e + EST1];
      return false;
    }
    this.timed++;
    let arm: number;
    this.retry = false;
    if (n1 < 2) arm = n1 === 1 && n2 === 0 ? 2 : 1;
    else {
      const est1 = T[e + EST1], est2 = T[e + EST2];
      const best = est2 < MARGIN * est1 ? 2 : 1;
      if (T[e + SINCE] >= MIN_GAP && T[e + LOST] + Math.abs(est1 - est2) <= EXPLORE_BUDGET * T[e + TOTAL]) {
        arm = 3 - best;
        this.retry = true;
        T[e + SINCE] = 0;
        this.retried++;
      } else {
        arm = best;
        T[e + SINCE]++;
      }
    }
    this.entry = e;
    this.arm = arm;
    this.keep = arm === 2 && !this.retry && n2 > 0;
    if (this.keep) this.kept++;
    this.oneMs = n1 > 0 ? T[e + EST1] : 0;
    if (arm === 2) this.split++;
    this.t0 = this.now();
    return arm === 2;
  }

  /** Whether the call begun last was split as the shape's current best (not a retry, not warming up; or forced). */
  get splitting(): boolean {
    return this.keep;
  }

  /** The unsplit estimate (ms) of the call begun last: Infinity when forced, 0 before any measurement. */
  get oneThreadMs(): number {
    return this.oneMs;
  }

  /** Records the time of the call begun last. */
  end(): void {
    const e = this.entry;
    if (e < 0) return;
    this.entry = -1;
    const T = this.table;
    const t = this.now() - this.t0;
    const est = this.arm === 1 ? EST1 : EST2, n = this.arm === 1 ? N1 : N2;
    T[e + TOTAL] += t;
    if (this.arm === 1 && (T[e + N1] === 0 || t < T[e + MIN1])) T[e + MIN1] = t;
    if (this.retry) T[e + LOST] += Math.max(0, t - T[e + EST1 + EST2 - est]);
    if (T[e + n] === 0 || this.retry) T[e + est] = t;
    else if (this.arm === 1 && T[e + n] === 1) T[e + est] = Math.min(T[e + est], t); // the warm-up's second unsplit call
    else T[e + est] += ALPHA * (t - T[e + est]);
    T[e + n]++;
  }

  /** Forgets every shape (the pool's thread count changed). */
  reset(): void {
    this.table.fill(0);
    this.entry = -1;
  }

  /** The entry of this shape: found, or a free one, or the least used of its probe window. */
  private find(k0: number, k1: number, k2: number, k3: number): number {
    const T = this.table;
    let h = Math.imul(k0 + 1, 0x9e3779b1) ^ Math.imul(k1 % 0x7fffffff | 0, 0x85ebca6b);
    h = Math.imul(h ^ (k2 % 0x7fffffff | 0), 0xc2b2ae35) ^ Math.imul(k3 % 0x7fffffff | 0, 0x27d4eb2f);
    let victim = -1;
    for (let i = 0; i < 4; i++) {
      const e = (((h >>> 0) + i) % ENTRIES) * FIELDS;
      const used = T[e + USED];
      if (used !== 0 && T[e + K0] === k0 && T[e + K1] === k1 && T[e + K2] === k2 && T[e + K3] === k3) {
        T[e + USED] = used + 1;
        return e;
      }
      if (victim < 0 || used < T[victim + USED]) victim = e;
    }
    T.fill(0, victim, victim + FIELDS);
    T[victim + K0] = k0;
    T[victim + K1] = k1;
    T[victim + K2] = k2;
    T[victim + K3] = k3;
    T[victim + USED] = 1;
    return victim;
  }
}
