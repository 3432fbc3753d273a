// A pool worker: instantiates the caller's compiled module on the caller's shared memory, then serves
// jobs from its slot of the control block (protocol.ts) until told to stop. Between jobs it polls its
// slot for the header's spin time (0 when the pool has more threads than cores: a spinning idle worker
// would steal the core a busy thread needs, PLATFORM.md), then blocks in Atomics.wait (pool.ts says
// why). It calls exactly one export per job, if it claims it: a caller that finished its own part
// before the worker started takes the worker's part itself (pool.ts join), and the worker skips it.
// Instantiating re-applies the module's active data segments (the std math tables below heapBase) on
// the shared memory: those bytes are constant, so re-writing them is a no-op (a test checks that no
// kernel writes below heapBase). The threads builds have no start function, and globals are per
// instance, so nothing else is shared or reset.
import { ARGC, ARGS_OFFSET, RESULT_OFFSET, CLAIM, FAILED, FN, PENDING, SEQ, SPIN, STOP, poll, type WorkerInit } from './protocol.js';
import { nodeImport } from '../nodeImport.js';

async function start(init: WorkerInit, post: (msg: unknown) => void): Promise<void> {
  const env = {
    memory: init.memory,
    abort() {
      throw new Error('kernel abort');
    },
  };
  const instance = await WebAssembly.instantiate(init.module, { env });
  const fns = init.names.map((n) => instance.exports[n] as (...a: number[]) => number);
  const i32 = new Int32Array(init.memory.buffer);
  const f64 = new Float64Array(init.memory.buffer);
  const header = init.ctl >> 2;
  const slot = init.slot >> 2;
  const argsAt = (init.slot + ARGS_OFFSET) >> 3;
  const resultAt = (init.slot + RESULT_OFFSET) >> 3;
  const argLists: number[][] = [];
  let seen = Atomics.load(i32, slot + SEQ);
  post('ready');
  for (;;) {
    const seq = poll(i32, slot + SEQ, seen, true, Atomics.load(i32, header + SPIN));
    if (seq === seen) {
      Atomics.wait(i32, slot + SEQ, seen);
      continue;
    }
    seen = seq;
    // The caller took this part already (this worker was late): nothing to do, nothing to count.
    // fn, argc and the arguments are read only after a successful claim: the caller writes them all
    // before it sets claim to 1. Reading fn first was a race (stop 24's CI): a worker woken for a job
    // the caller then took could read that job's fn, lose the core, and claim the next job, running
    // the old export on the new arguments (a trap, or silently wrong numbers).
    if (Atomics.compareExchange(i32, slot + CLAIM, 1, 0) !== 1) {
      if (Atomics.load(i32, slot + FN) === STOP) break;
      continue;
    }
    const fn = i32[slot + FN];
    if (fn === STOP) break;
    const argc = i32[slot + ARGC];
    const args = (argLists[argc] ??= new Array<number>(argc));
    for (let i = 0; i < argc; i++) args[i] = f64[argsAt + i];
    try {
      f64[resultAt] = fns[fn].apply(null, args) ?? 0;
    } catch {
      Atomics.store(i32, header + FAILED, 1);
    }
    if (Atomics.sub(i32, header + PENDING, 1) === 1) Atomics.notify(i32, header + PENDING);
  }
}

// No top-level await: bundlers emit this file as a classic (iife) worker by default (Vite), which
// cannot hold one.
const nodeLike = typeof process !== 'undefined' && !!process.versions?.node;
if (nodeLike) {
  void nodeImport<typeof import('node:worker_threads')>('worker_threads').then(({ workerData, parentPort }) => start(workerData as WorkerInit, (m) => parentPort!.postMessage(m)));
} else {
  const scope = globalThis as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void; close(): void };
  scope.onmessage = (e: MessageEvent) => {
    scope.onmessage = null;
    void start(e.data as WorkerInit, (m) => scope.postMessage(m)).then(() => scope.close());
  };
}
