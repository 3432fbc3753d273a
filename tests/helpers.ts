// Shared test helpers: the awkward sizes every kernel is tested on, every wasm build this runtime
// supports, seeded random inputs, and comparisons that explain themselves on failure (first
// mismatches and the largest difference).
import * as assert from 'uvu/assert';
import { instantiate, supportedBuilds, type BuildName, type WasmModule } from '../bindings/loader.js';
import { Rng } from '../src/rng.js';
import { SimdnetError, ValidationError } from '../src/errors.js';

/** Sizes that exercise SIMD tails (4k, 4k+1, 4k+3), tile edges and one large case. */
export const SIZES = [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 63, 64, 65, 127, 129, 4099];

/** Image shapes [N, H, W, C] for the image kernels: single pixels, odd widths, C % 4 != 0, MNIST size. */
export const IMAGE_SHAPES: [number, number, number, number][] = [
  [1, 1, 1, 1], [2, 3, 5, 1], [3, 28, 28, 1], [2, 17, 13, 3], [1, 5, 7, 2], [2, 4, 9, 5], [1, 1, 17, 4], [1, 13, 1, 8], [2, 6, 6, 4], [1, 2, 3, 7],
];

const modules = new Map<BuildName, Promise<WasmModule>>();

/** One instance per build, shared by all suites of the test process. */
export function moduleFor(build: BuildName): Promise<WasmModule> {
  let m = modules.get(build);
  if (!m) {
    m = instantiate(build);
    modules.set(build, m);
  }
  return m;
}

/** The builds this runtime supports (relaxed, plain, debug); SIMDNET_TEST_BUILDS=plain,debug narrows. */
export async function testBuilds(): Promise<BuildName[]> {
  const all = await supportedBuilds();
  const only = process.env.SIMDNET_TEST_BUILDS?.split(',');
  return only ? all.filter((b) => only.includes(b)) : all;
}

export function randomArray(rng: Rng, n: number, lo = -1, hi = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.range(lo, hi);
  return a;
}

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  label?: string;
}

/** |a - e| <= atol + rtol * |e| elementwise; NaN must match NaN, Inf must match Inf of the same sign. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, opts: CloseOptions = {}): void {
  const { rtol = 1e-5, atol = 1e-6, label = 'values' } = opts;
  assert.is(actual.length, expected.length, `${label}: length ${actual.length} != ${expected.length}`);
  const bad: string[] = [];
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    let ok: boolean;
    if (Number.isNaN(e) || Number.isNaN(a)) ok = Number.isNaN(e) && Number.isNaN(a);
    else if (!Number.isFinite(e) || !Number.isFinite(a)) ok = a === e;
    else {
      const d = Math.abs(a - e);
      const excess = d - rtol * Math.abs(e);
      ok = excess <= atol;
      if (d > worst) {
        worst = d;
        worstAt = i;
      }
    }
    if (!ok && bad.length < 5) bad.push(`[${i}] got ${a}, expected ${e}`);
    else if (!ok) bad.push('');
  }
  if (bad.length) {
    assert.unreachable(
      `${label}: ${bad.length} of ${expected.length} outside atol=${atol} rtol=${rtol}; first: ${bad.filter(Boolean).join('; ')}; ` +
        `max |diff| ${worst} at [${worstAt}]`,
    );
  }
}

/** Copies a Float32Array into a fresh arena block and returns its pointer. */
export function put(m: WasmModule, data: Float32Array): number {
  const p = m.arena.alloc(data.length * 4);
  m.arena.f32(p, data.length).set(data);
  return p;
}

/** Copies `n` floats out of wasm memory. */
export function get(m: WasmModule, ptr: number, n: number): Float32Array {
  return m.arena.f32(ptr, n).slice();
}

/** Asserts that `f` throws a ValidationError naming the argument `arg`. */
export function throwsArg(f: () => unknown, arg: string): void {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    assert.is((e as ValidationError).arg, arg, (e as Error).message);
    return;
  }
  assert.unreachable(`expected a ValidationError on '${arg}'`);
}

/** A call that must throw, with the function and argument its SimdnetError must name. */
export type BadCall = [call: () => unknown, fn: string, arg: string];

/** Asserts that every call throws a SimdnetError whose `fn` and `arg` are the ones listed with it. */
export function throwsNamed(cases: BadCall[]): void {
  for (const [call, fn, arg] of cases) {
    try {
      call();
      assert.unreachable(`${fn} accepted a bad ${arg}`);
    } catch (e) {
      assert.instance(e, SimdnetError, String(e));
      assert.is((e as SimdnetError).fn, fn);
      assert.is((e as SimdnetError).arg, arg);
    }
  }
}

/** throwsNamed for async calls (fit, fitDataset): each must reject with a SimdnetError naming fn and arg (and `code`, when given). */
export async function rejectsNamed(cases: [call: () => Promise<unknown>, fn: string, arg: string, code?: string][]): Promise<void> {
  for (const [call, fn, arg, code] of cases) {
    let error: unknown = null;
    try {
      await call();
    } catch (e) {
      error = e;
    }
    assert.instance(error, SimdnetError, `${fn} accepted a bad ${arg}`);
    const e = error as SimdnetError;
    assert.equal([e.fn, e.arg], [fn, arg], e.message);
    if (code) assert.is(e.code, code, e.message);
  }
}
