// The split elementwise kernels of a threaded module (bindings/threads/elementwise.ts) against the
// single-thread module of the same build, bit for bit: every export in ELEMENTWISE_EXPORTS, with
// arguments built from its registry row (each (n) buffer filled from a seeded generator, optional
// buffers both given and 0), every activation code and math function, on 1, 2 and 4 threads (4 is
// more workers than this machine's cores), at sizes that leave SIMD tails (1, 3, 17, 4k+1, ...) with
// the split forced (pool.minElements = 0) and at the mnist_mlp arena size with the default threshold.
// Blocks start on 16-element boundaries, so the comparison is exact, not a tolerance. The optimizer
// steps also run with their undo journal (the j* buffers, compared like the others) and with NaN and
// Inf gradients at the first and last element: their return value (the non-finite count, summed over
// the parts, so a NaN in a worker's block counts) must equal the single-thread one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instantiate, type WasmModule } from '../../bindings/loader.js';
import { instantiateThreaded } from '../../bindings/threads/instantiate.js';
import { ELEMENTWISE_EXPORTS, MIN_ELEMENTS } from '../../bindings/threads/elementwise.js';
import { ACTIVATION_CODES } from '../../bindings/codes.js';
import { KERNELS } from '../../bindings/registry.js';
import { Rng } from '../../src/rng.js';
import { randomArray, testBuilds } from '../helpers.js';

/** Scalars by argument name: inside each kernel's valid range, flags on (the longer code path). */
const SCALARS: Record<string, number> = {
  lr: 0.01, momentum: 0.9, rho: 0.9, epsilon: 1e-7, beta1: 0.9, beta2: 0.999, t: 3, gradScale: 0.8, clipValue: 0.05,
  weightDecay: 0.004, nesterov: 1, centered: 1, amsgrad: 1, uProduct: 0.85, l1: 0.01, l2: 0.02, value: 1.5, param: 0.2,
};
/** The settings under which the '(n) or 0' buffers are unused (momentum, centered, amsgrad off). */
const OFF_WITHOUT_OPTIONAL: Record<string, number> = { momentum: 0, centered: 0, amsgrad: 0 };
const SIGNED = new Set(['p', 'g', 'x', 'y', 'dy', 'dx']); // other buffers are optimizer state: kept positive

interface Call {
  name: string;
  /** Index of the int selector argument (activation code, math function) and its value, or -1. */
  selectorAt: number;
  selector: number;
  /** Pass 0 for the '(n) or 0' buffers. */
  omitOptional: boolean;
}

function calls(): Call[] {
  const out: Call[] = [];
  for (const name of ELEMENTWISE_EXPORTS) {
    const args = KERNELS.find((k) => k.name === name)!.args;
    const selectorAt = args.findIndex((a) => a === 'code' || a === 'fn');
    const selectors = selectorAt < 0 ? [0] : args[selectorAt] === 'code' ? Object.values(ACTIVATION_CODES).filter((c) => c >= 0) : [0, 1, 2, 3, 4, 5, 6];
    const optional = args.some((a) => a.endsWith('or 0'));
    for (const selector of selectors) for (const omitOptional of optional ? [false, true] : [false]) out.push({ name, selectorAt, selector, omitOptional });
  }
  return out;
}

/** Every (n) buffer's bits after one call of c on module m with n elements, and the call's result. */
function run(m: WasmModule, c: Call, n: number): { out: Uint32Array[]; result: unknown } {
  const args = KERNELS.find((k) => k.name === c.name)!.args;
  const rng = new Rng(n * 31 + c.selector);
  const mark = m.arena.bytesReserved;
  const buffers: number[] = [];
  const values = args.map((a, i) => {
    if (i === c.selectorAt) return c.selector;
    if (a === 'n') return n;
    const buffer = /^(\w+):\(n\)/.exec(a);
    if (!buffer) {
      assert.ok(a in SCALARS, `${c.name}: no test value for argument '${a}'`);
      return c.omitOptional && a in OFF_WITHOUT_OPTIONAL ? OFF_WITHOUT_OPTIONAL[a] : SCALARS[a];
    }
    if (c.omitOptional && a.endsWith('or 0')) return 0;
    const p = m.arena.alloc(4 * n);
    const data = SIGNED.has(buffer[1]) ? randomArray(rng, n, -2, 2) : randomArray(rng, n, 0.01, 1);
    if (buffer[1] === 'g' && c.name.endsWith('Step')) [data[0], data[n - 1]] = [Infinity, NaN]; // counted by the step
    m.arena.f32(p, n).set(data);
    buffers.push(p);
    return p;
  });
  const result = m.exports[c.name](...values);
  const out = buffers.map((p) => new Uint32Array(m.memory.buffer, p, n).slice());
  for (const p of buffers) m.arena.free(p);
  assert.is(m.arena.bytesReserved, mark, 'the test returns its blocks');
  return { out, result };
}

const builds = (await testBuilds()).filter((b): b is 'relaxed' | 'plain' => b !== 'debug');
const FORCED = [1, 3, 16, 17, 65, 4097, 20_003];

for (const build of builds) {
  for (const threads of [1, 2, 4]) {
    test(`${build} with ${threads} thread(s): elementwise kernels are bit-identical to the single-thread module`, async () => {
      const single = await instantiate(build);
      const m = await instantiateThreaded(build, threads);
      const pool = m.pool!;
      // Every call above the floor splits: the adaptive policy (policy.ts) may back off on a busy machine.
      m.pool!.policy.adaptive = false;
      let posted = 0;
      const post = pool.post.bind(pool);
      pool.post = (parts, fn, argc) => {
        posted++;
        post(parts, fn, argc);
      };
      try {
        for (const [sizes, minElements] of [[FORCED, 0], [[669_706], MIN_ELEMENTS]] as const) {
          pool.minElements = minElements;
          for (const c of calls()) {
            for (const n of sizes) {
              const want = run(single, c, n);
              const got = run(m, c, n);
              const label = `${c.name} selector ${c.selector}${c.omitOptional ? ' (optional buffers 0)' : ''} n=${n}`;
              want.out.forEach((w, b) => {
                const i = w.findIndex((v, j) => v !== got.out[b][j]);
                assert.is(i, -1, `${label}: buffer ${b} differs at [${i}]`);
              });
              assert.is(got.result, want.result, `${label}: result`);
              // NaN at [n - 1] (a worker's block when split) at least; centered rmsprop may add NaNs of its own (vel < avg^2).
              if (c.name.endsWith('Step')) assert.ok((want.result as number) >= 1, `${label}: non-finite count ${want.result}`);
            }
          }
        }
        // The split path really ran (n = 1 and 3 are one block: those stay on the caller).
        if (threads > 1) assert.ok(posted > 0, 'no call was split');
        else assert.is(posted, 0);
      } finally {
        pool.dispose();
      }
    });
  }
}

test('the default threshold sits between the forced sizes and the mnist_mlp arena', () => {
  assert.ok(MIN_ELEMENTS > 20_003 && MIN_ELEMENTS < 669_706, `MIN_ELEMENTS ${MIN_ELEMENTS}`);
});

test.run();
