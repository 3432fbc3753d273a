// A persistent pool of workers running the same compiled module on the same shared memory. The
// calling thread is thread 0 and always takes a part of each job itself; workers 1..n-1 wait in
// Atomics.wait on their slot (protocol.ts). A job costs one slot write + notify per worker and one
// join: 15-30 µs here (PLATFORM.md), which is why callers keep small jobs on the calling thread.
// Waiting: a thread blocked in Atomics.wait takes 35-60 µs to run again after a notify (measured on
// the 2-vCPU machine, Node 20: an elementwise job after 300 µs idle took 40-60 µs longer than back
// to back), several times a small kernel and 5% of an mnist_mlp GEMM, paid by every job. So while
// the pool has no more threads than cores, an idle worker polls its slot for IDLE_SPIN_MICROS before
// blocking, and the caller polls the pending count as long before blocking in join: back-to-back
// jobs of a training step come inside that window. With more threads than cores both block at once
// (spinning there was measured to cost 50x). The window is short because polling is not free even
// with a core per thread: a polling thread takes the core from a neighbour on a busy machine, and on
// hyperthreads it takes issue slots from its sibling, the caller running the unsplit rest of the
// step. It was 1 ms until 2026-12-03; that day (Intel Xeon, 2 vCPUs on one core, load 18-20) whole
// fits on 2 threads against 1 took, for polling 0 / 50 / 1000 µs: 0.78 / 0.70 / 1.03x of one thread
// (17k-parameter model) and 1.05 / 0.96 / 1.14x (mnist_mlp; medians of 3 interleaved fits,
// /work/coord/runs/threads/exp2.mjs). The policy (policy.ts) splits a call only where splitting
// measured faster; after any other split (a warm-up or a retry of the slower way, followed by
// unsplit calls) both block at once, so idle threads do not poll when a split does not pay.
// Late workers: a caller that finished its own part looks at each part no worker has claimed yet
// and runs it itself (protocol.ts claim), so a worker that does not get a core (a loaded machine)
// costs a split call at most the one-thread time plus a handoff, instead of a scheduler time slice.
// A browser's main thread may not block (Atomics.wait throws there): it keeps spinning in join.
// Workers never keep the process alive (unref), and dispose() stops and terminates them.
import type { Arena } from '../arena.js';
import type { RawExports } from '../loader.js';
import { SimdnetError, ValidationError } from '../../src/errors.js';
import { MIN_WORK } from './gemm.js';
import { MIN_ELEMENTS } from './elementwise.js';
import { ARGC, ARGS_OFFSET, RESULT_OFFSET, CLAIM, CONTROL_BYTES, FAILED, FN, MAX_THREADS, PENDING, SEQ, SPIN, STOP, slotOffset, poll, type WorkerInit } from './protocol.js';
import { availableCores } from './cores.js';
import { SplitPolicy } from './policy.js';
import { assetBase, assetUrl } from '../assets.js';
import { startWithExecArgv } from './execArgv.js';
import { nodeImport } from '../nodeImport.js';

interface WorkerHandle {
  post(init: WorkerInit): Promise<void>;
  terminate(): void;
}

/** Microseconds an idle worker or a joining caller polls before blocking (when threads <= cores; see above). */
export const IDLE_SPIN_MICROS = 50;
/**
 * Polling follows only a call that takes at least this many times the polling window on one thread
 * (1 ms for 50 µs), so that the polling (whose cost falls on the caller's next unsplit work, see
 * above) is under 5% of the call's own time. A 17k-parameter model's 32x21x784 GEMMs (about 30 µs)
 * split with polling took its fit to 1.25x of one thread at load 2.9 (2026-12-03); without polling
 * they pay a worker's wake-up, lose to one thread in the policy's timing, and stay unsplit.
 */
export const POLL_CALL_RATIO = 20;

let agentCanBlock: boolean | null = null;
function canBlock(i32: Int32Array): boolean {
  if (agentCanBlock === null) {
    try {
      Atomics.wait(i32, 0, 0x7fffffff, 0); // value mismatch: returns at once where waiting is allowed
      agentCanBlock = true;
    } catch {
      agentCanBlock = false;
    }
  }
  return agentCanBlock;
}

/**
 * The workers of a threaded module: they share its memory and compiled module and split large GEMMs and
 * elementwise kernels with the calling thread (Atomics handoff; results bit-identical to one thread).
 */
export class ThreadPool {
  readonly names: readonly string[];
  /** Packing workspaces of the workers (worker w: index w), gemmWorkspaceBytes() each; the caller brings its own. */
  readonly workspaces: number[] = [];
  /** sgemm calls with fewer multiply-adds (M·N·K) than this stay on the calling thread (gemm.ts). */
  minWork = MIN_WORK;
  /** Elementwise kernels over fewer elements than this stay on the calling thread (elementwise.ts). */
  minElements = MIN_ELEMENTS;
  /** Which calls above those floors are split: the faster way for that shape, as measured (policy.ts). */
  readonly policy = new SplitPolicy();
  private readonly workers: WorkerHandle[] = [];
  private readonly ctl: number;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly blocking: boolean;
  private cores = 1;
  /** The spin time last stored in the header (post sets it per job). */
  private spin = 0;
  private disposed = false;
  /** The posted job (post), for join to take parts that no worker claimed. */
  private postedParts = 0;
  private postedFn = 0;
  private postedArgc = 0;
  private readonly stealArgs: number[][] = [];
  /** Parts the caller took from late workers in the last join. */
  stolen = 0;
  /** Jobs posted since the pool was made (tests check that a call was split). */
  posted = 0;
  /** Microseconds idle threads poll after a job that asks for polling (post); a knob for measurements. */
  pollMicros = IDLE_SPIN_MICROS;

  private constructor(
    private readonly module: WebAssembly.Module,
    private readonly callerExports: RawExports,
    private readonly memory: WebAssembly.Memory,
    private readonly arena: Arena,
    names: readonly string[],
    private readonly workspaceBytes: number,
  ) {
    this.names = names;
    this.ctl = arena.calloc(CONTROL_BYTES);
    this.i32 = new Int32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
    this.blocking = canBlock(this.i32);
  }

  /** A pool of `threads` threads (the caller + threads - 1 workers). */
  /** `callerExports`: the calling thread's instance of `module` (raw, unsplit exports). */
  static async create(module: WebAssembly.Module, callerExports: RawExports, memory: WebAssembly.Memory, arena: Arena, names: readonly string[], workspaceBytes: number, threads: number): Promise<ThreadPool> {
    const pool = new ThreadPool(module, callerExports, memory, arena, names, workspaceBytes);
    pool.cores = await availableCores();
    try {
      await pool.resize(threads);
    } catch (e) {
      pool.dispose();
      throw e;
    }
    return pool;
  }

  /**
   * Microseconds idle workers and a joining caller poll before blocking: IDLE_SPIN_MICROS after a job
   * the policy splits as the faster way, else 0 (and always 0 with more threads than cores).
   */
  get spinMicros(): number {
    return this.spin;
  }

  /** Threads working on each job, the caller included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Starts or stops workers until the pool has `threads` threads. */
  async resize(threads: number): Promise<void> {
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) throw new ValidationError('setThreads', 'threads', `an integer in [1, ${MAX_THREADS}]`, threads);
    this.checkLive();
    while (this.workers.length > threads - 1) {
      const w = this.workers.length - 1;
      this.stop(w);
      this.workers.pop()!.terminate();
      this.arena.free(this.workspaces.pop()!);
    }
    const starting: Promise<void>[] = [];
    for (let w = this.workers.length; w < threads - 1; w++) {
      const slot = slotOffset(this.ctl, w);
      new Int32Array(this.memory.buffer, slot, 4).fill(0);
      const handle = await spawnWorker();
      this.workers.push(handle);
      this.workspaces.push(this.arena.alloc(this.workspaceBytes));
      starting.push(handle.post({ module: this.module, memory: this.memory, ctl: this.ctl, slot, names: this.names }));
    }
    await Promise.all(starting);
    this.policy.reset();
    this.setSpin(this.threads <= this.cores ? IDLE_SPIN_MICROS : 0);
  }

  private setSpin(micros: number): void {
    if (micros === this.spin) return;
    this.spin = micros;
    Atomics.store(this.i32, (this.ctl >> 2) + SPIN, micros);
  }

  /** Float64 index where part p's (p >= 1) arguments go: write them, then post(p, fn, argc). */
  argsIndex(p: number): number {
    return (slotOffset(this.ctl, p - 1) + ARGS_OFFSET) >> 3;
  }
  get args(): Float64Array {
    return this.f64;
  }

  /** The result of part p's (p >= 1) call of the last job, once join() returned (protocol.ts RESULT_OFFSET). */
  result(p: number): number {
    return this.f64[(slotOffset(this.ctl, p - 1) + RESULT_OFFSET) >> 3];
  }

  /**
   * Starts parts 1..parts-1 on workers (their arguments already written); the caller then runs part 0
   * and calls join(). `polling`: whether idle threads poll after this job (see below).
   */
  post(parts: number, fn: number, argc: number, polling = this.policy.splitting && this.policy.oneThreadMs >= (POLL_CALL_RATIO * this.pollMicros) / 1000): void {
    const i32 = this.i32;
    // Idle threads poll after this job only if splitting is what this shape does now (policy.ts) and
    // the call is long enough (POLL_CALL_RATIO): a
    // retry or a warm-up split is followed by unsplit calls, and a polling thread would take a core
    // (or, on hyperthreads, the shared core's issue slots) from the caller or a neighbour meanwhile.
    this.setSpin(this.threads <= this.cores && polling ? this.pollMicros : 0);
    this.posted++;
    this.postedParts = parts;
    this.postedFn = fn;
    this.postedArgc = argc;
    Atomics.store(i32, (this.ctl >> 2) + PENDING, parts - 1);
    for (let p = 1; p < parts; p++) {
      const s = slotOffset(this.ctl, p - 1) >> 2;
      i32[s + FN] = fn;
      i32[s + ARGC] = argc;
      Atomics.store(i32, s + CLAIM, 1); // after the arguments (written by the caller before post)
      Atomics.add(i32, s + SEQ, 1);
      Atomics.notify(i32, s + SEQ, 1);
    }
  }

  /**
   * Runs every posted part that no worker has claimed yet on this thread, then waits until the
   * others finished; throws if one of them trapped. Sets `stolen` to the parts taken here.
   * `steal` false: only wait (runEverywhere, whose parts must run on distinct threads).
   */
  join(steal = true): void {
    const i32 = this.i32;
    const p = (this.ctl >> 2) + PENDING;
    this.stolen = 0;
    for (let part = 1; steal && part < this.postedParts; part++) {
      const s = slotOffset(this.ctl, part - 1);
      if (Atomics.compareExchange(i32, (s >> 2) + CLAIM, 1, 0) !== 1) continue;
      this.stolen++;
      const args = (this.stealArgs[this.postedArgc] ??= new Array<number>(this.postedArgc));
      const at = (s + ARGS_OFFSET) >> 3;
      for (let i = 0; i < this.postedArgc; i++) args[i] = this.f64[at + i];
      try {
        this.f64[(s + RESULT_OFFSET) >> 3] = this.callerExports[this.names[this.postedFn]].apply(null, args) ?? 0;
      } catch {
        Atomics.store(i32, (this.ctl >> 2) + FAILED, 1);
      }
      Atomics.sub(i32, p, 1);
    }
    this.postedParts = 0;
    // A thread that may not block (a browser's main thread) polls until the parts are done.
    let v = poll(i32, p, 0, false, this.blocking ? this.spinMicros : Infinity);
    while (v !== 0) {
      Atomics.wait(i32, p, v);
      v = Atomics.load(i32, p);
    }
    if (Atomics.exchange(i32, (this.ctl >> 2) + FAILED, 0) !== 0) {
      throw new SimdnetError('ERR_WASM_TRAP', 'wasm', 'a kernel trapped in a pool worker (memory out of bounds?)');
    }
  }

  /**
   * Runs export `names[fn]` with the same arguments on `threads` threads at once (the caller
   * included) and returns the caller's result: for measurements (the bench's peak probe on n threads).
   */
  runEverywhere(fn: number, args: readonly number[], threads = this.threads): number {
    // More parts than threads would post to slots no worker serves, and join would wait forever.
    if (!Number.isInteger(threads) || threads < 1 || threads > this.threads) throw new ValidationError('runEverywhere', 'threads', `an integer in [1, ${this.threads}] (the pool's threads)`, threads);
    for (let p = 1; p < threads; p++) this.f64.set(args, this.argsIndex(p));
    this.post(threads, fn, args.length, true);
    try {
      return this.callerExports[this.names[fn]](...args);
    } finally {
      this.join(false);
    }
  }

  /** Stops every worker and returns the pool's memory to the arena. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    while (this.workers.length) {
      this.stop(this.workers.length - 1);
      this.workers.pop()!.terminate();
      this.arena.free(this.workspaces.pop()!);
    }
    this.arena.free(this.ctl);
    this.disposed = true;
  }

  private stop(w: number): void {
    const s = slotOffset(this.ctl, w) >> 2;
    this.i32[s + FN] = STOP;
    Atomics.add(this.i32, s + SEQ, 1);
    Atomics.notify(this.i32, s + SEQ, 1);
  }

  private checkLive(): void {
    if (this.disposed) throw new SimdnetError('ERR_DISPOSED', 'setThreads', 'the thread pool was disposed');
  }
}

/**
 * A worker running build/simdnet.worker.js (worker.ts in one file; bindings/assets.ts locates it):
 * node:worker_threads where it exists (Node, Bun, Deno), else a module Web Worker.
 */
async function spawnWorker(): Promise<WorkerHandle> {
  const url = assetUrl('worker');
  const proc = typeof process !== 'undefined' ? process : undefined;
  if (proc?.versions?.node) {
    const { Worker } = await nodeImport<typeof import('node:worker_threads')>('worker_threads');
    let worker: InstanceType<typeof Worker> | null = null;
    return {
      post(init) {
        return new Promise<void>((resolve, reject) => {
          // Not the inherited execArgv: what a worker refuses (--input-type, --expose-gc, ...) is dropped (execArgv.ts).
          worker = startWithExecArgv(proc.execArgv, (execArgv) => new Worker(url, { workerData: init, execArgv }));
          // Unref only once started: before that the pending start is what keeps the caller's await alive.
          worker.once('message', () => {
            worker!.unref();
            resolve();
          });
          worker.once('error', (e) => reject(new SimdnetError('ERR_UNSUPPORTED', 'setThreads', `a pool worker failed to start: ${e.message}`, { cause: e })));
        });
      },
      terminate() {
        void worker?.terminate();
      },
    };
  }
  // The literal form below is what Vite and webpack 5 bundle as a worker (bindings/assets.ts).
  const worker = assetBase() ? new Worker(url, { type: 'module' }) : new Worker(new URL('../../../build/simdnet.worker.js', import.meta.url), { type: 'module' });
  return {
    post(init) {
      return new Promise<void>((resolve, reject) => {
        worker.onmessage = () => resolve();
        worker.onerror = (e) => reject(new SimdnetError('ERR_UNSUPPORTED', 'setThreads', `a pool worker failed to start: ${e.message}`));
        worker.postMessage(init);
      });
    },
    terminate() {
      worker.terminate();
    },
  };
}
