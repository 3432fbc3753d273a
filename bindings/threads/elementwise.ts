// Elementwise kernels split across the thread pool: the optimizer steps over the parameter arena
// (669,706 floats in mnist_mlp: 0.34 ms a step on one thread), the gradient zeroing, activations
// and the noise layers' backward. Each part runs the same export on a contiguous block of the n
// elements, with every (n) pointer shifted to the block and n replaced by its length.
// Bitwise identical to one thread: the kernels compute each element from that element alone, and
// blocks start on multiples of ALIGN = 16 elements, so every element takes the same code path (the
// kernels' 16-element body, 4-element body or 1-element tail) whether or not the call is split; the
// tails only ever fall in the last block, as they do in the unsplit call. Tests check it.
// A split call returns the sum of its parts' results: the optimizer steps return how many elements of
// p they left non-finite (assembly/kernels/optim.ts), a count per block; the other exports are void.
// Not split: kernels that draw random numbers (their stream order is part of the result), reductions
// (a different summation order) and copyF32 (a memmove over possibly overlapping ranges).
// Below MIN_ELEMENTS the call stays on the calling thread: bench/threads.bench.ts measured a forced
// split on polling workers (pool.ts) at 1.6x (dropoutBackward) to 1.8x (rmspropStep) for n = 32,768 and
// 2x for the 669,706-float arena (2026-11-27, 2 vCPU EPYC).
// Above MIN_ELEMENTS the pool's policy (policy.ts) decides per call, from the measured time of this
// kernel's calls of this n, split and unsplit.
import type { ThreadPool } from './pool.js';
import { KIND_ELEMENTWISE } from './policy.js';
import { KERNELS } from '../registry.js';

type Kernel = (...a: number[]) => number;

/** Default n below which an elementwise kernel runs on one thread (pool.minElements). */
export const MIN_ELEMENTS = 1 << 15;
/** Block starts are multiples of this many elements: a 64-byte cache line, the kernels' widest body. */
const ALIGN = 16;

/** The exports split here: every argument described '(n)' is a buffer of n floats (or 0: unused). */
export const ELEMENTWISE_EXPORTS = [
  'fillF32',
  'sgdStep',
  'rmspropStep',
  'adamStep',
  'adagradStep',
  'adadeltaStep',
  'adamaxStep',
  'nadamStep',
  'addRegularizerGrad',
  'activationForward',
  'activationBackward',
  'mathMap',
  'dropoutBackward',
  'gaussianNoiseBackward',
] as const;

/** Which arguments of `name` are (n) buffers, and which is n, from its registry row. */
function elementwiseLayout(name: string): { pointers: number[]; n: number; arity: number } {
  const row = KERNELS.find((k) => k.name === name);
  if (!row) throw new Error(`elementwise: no registry row for ${name}`);
  const pointers = row.args.flatMap((a, i) => (/^\w+:\(n\)/.test(a) ? [i] : []));
  const n = row.args.indexOf('n');
  if (n < 0 || pointers.length === 0) throw new Error(`elementwise: ${name} has no n or no (n) buffer`);
  return { pointers, n, arity: row.args.length };
}

/**
 * The export `kernel` wrapped to split across `pool` (same signature). Fixed parameters rather than
 * rest arguments, so that a call allocates nothing: unused trailing ones are undefined and the wasm
 * export ignores arguments beyond its arity.
 */
export function parallelElementwise(pool: ThreadPool, kernel: Kernel, fnIndex: number, name: string): Kernel {
  const { pointers, n: nAt, arity } = elementwiseLayout(name);
  const isPointer = new Uint8Array(arity);
  for (const p of pointers) isPointer[p] = 1;
  const a = new Float64Array(20);
  if (arity > a.length) throw new Error(`elementwise: ${name} takes ${arity} arguments, more than ${a.length}`);
  return function elementwiseThreaded(
    a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number,
    a8: number, a9: number, a10: number, a11: number, a12: number, a13: number, a14: number, a15: number,
    a16: number, a17: number, a18: number, a19: number,
  ): number {
    a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a3; a[4] = a4; a[5] = a5; a[6] = a6; a[7] = a7; // prettier-ignore
    a[8] = a8; a[9] = a9; a[10] = a10; a[11] = a11; a[12] = a12; a[13] = a13; a[14] = a14; a[15] = a15; // prettier-ignore
    a[16] = a16; a[17] = a17; a[18] = a18; a[19] = a19; // prettier-ignore
    const n = a[nAt];
    const blocks = Math.ceil(n / ALIGN);
    const parts = Math.min(pool.threads, blocks);
    if (parts < 2 || n < pool.minElements) return kernel(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19);
    const policy = pool.policy;
    if (!policy.begin(KIND_ELEMENTWISE + 4 * fnIndex, n, 0, 0)) {
      const r = kernel(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19);
      policy.end();
      return r;
    }
    const f64 = pool.args;
    const first = Math.floor(blocks / parts) * ALIGN;
    for (let p = 1; p < parts; p++) {
      const start = Math.floor((p * blocks) / parts) * ALIGN;
      const end = p === parts - 1 ? n : Math.floor(((p + 1) * blocks) / parts) * ALIGN;
      const o = pool.argsIndex(p);
      for (let i = 0; i < arity; i++) {
        const v = a[i];
        f64[o + i] = i === nAt ? end - start : isPointer[i] && v !== 0 ? v + 4 * start : v;
      }
    }
    pool.post(parts, fnIndex, arity);
    // Part 0 on this thread: the same arguments with n cut to the first block.
    let result: number;
    try {
      a[nAt] = first;
      result = kernel(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17], a[18], a[19]);
    } finally {
      pool.join(); // even after a trap here: the workers' parts must end before anyone reads the buffers
    }
    policy.end();
    if (result === undefined) return result as unknown as number; // a void export
    for (let p = 1; p < parts; p++) result += pool.result(p);
    return result;
  };
}
