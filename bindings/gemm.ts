// Typed wrapper of the sgemm kernel (assembly/kernels/gemm.ts): validates every argument against the
// module's memory, supplies the packing workspace, and calls the export. Buffers are byte offsets into
// the module's memory (from its arena), row-major with leading dimensions in floats.
// Hot loops (a training step) should validate once and call `m.exports.sgemm` directly with
// `gemmWorkspace(m)`: this wrapper allocates an options object per call.
import type { WasmModule } from './loader.js';
import { ACTIVATION_CODES, type ActivationName } from './codes.js';
import { ACTIVATION_DEFAULT_PARAM } from './activation.js';
import { ShapeError, ValidationError } from '../src/errors.js';
import { checkInt, checkNumber, checkBool, checkKeys, checkOneOf } from '../src/validate.js';

/**
 * Options of `gemm`: transposes, scaling and accumulation (C = alpha·op(A)·op(B) + beta·C), bias and fused
 * activation.
 */
export interface GemmOptions {
  /** Use Aᵀ: A is stored [K, lda] instead of [M, lda]. Default false. */
  transA?: boolean;
  /** Use Bᵀ: B is stored [N, ldb] instead of [K, ldb]. Default false. */
  transB?: boolean;
  /** Rows of C and of op(A), >= 1. */
  M: number;
  /** Columns of C and of op(B), >= 1. */
  N: number;
  /** The reduced dimension, >= 1. */
  K: number;
  /** Default 1. */
  alpha?: number;
  /** Default 0: C's old contents are ignored (even NaN). */
  beta?: number;
  /** Byte offset of A. */
  a: number;
  /** Row stride of A in floats; default its row length (K, or M when transA). */
  lda?: number;
  /** Byte offset of B. */
  b: number;
  /** Row stride of B in floats; default its row length (N, or K when transB). */
  ldb?: number;
  /** Byte offset of C [M, ldc]; must not overlap A, B or bias. */
  c: number;
  /** Row stride of C in floats; default N. */
  ldc?: number;
  /** Byte offset of bias [N], added to every row after alpha/beta; default 0 = no bias. */
  bias?: number;
  /** Applied to C in place after the bias; default 'linear'. */
  activation?: ActivationName;
  /** alpha of leakyRelu / elu (>= 0), ignored by the others; default as Keras 3 (bindings/activation.ts). */
  actParam?: number;
}

const KEYS = ['transA', 'transB', 'M', 'N', 'K', 'alpha', 'beta', 'a', 'lda', 'b', 'ldb', 'c', 'ldc', 'bias', 'activation', 'actParam'];
const workspaces = new WeakMap<WasmModule, number>();

/** The packing workspace of module `m` (allocated in its arena on first use, then reused). */
export function gemmWorkspace(m: WasmModule): number {
  let ws = workspaces.get(m);
  if (ws === undefined) {
    ws = m.arena.alloc(m.exports.gemmWorkspaceBytes());
    workspaces.set(m, ws);
  }
  return ws;
}

/** C = alpha·op(A)·op(B) + beta·C (+ bias) (activation), validated. */
export function gemm(m: WasmModule, o: GemmOptions): void {
  const fn = 'gemm';
  if (o === null || typeof o !== 'object') throw new ValidationError(fn, 'options', 'an object', o, 'ERR_INVALID_TYPE');
  checkKeys(fn, o, KEYS);
  const transA = o.transA === undefined ? false : checkBool(fn, 'transA', o.transA);
  const transB = o.transB === undefined ? false : checkBool(fn, 'transB', o.transB);
  const M = checkInt(fn, 'M', o.M, 1);
  const N = checkInt(fn, 'N', o.N, 1);
  const K = checkInt(fn, 'K', o.K, 1);
  const alpha = o.alpha === undefined ? 1 : checkNumber(fn, 'alpha', o.alpha);
  const beta = o.beta === undefined ? 0 : checkNumber(fn, 'beta', o.beta);
  const [aRows, aCols] = transA ? [K, M] : [M, K];
  const [bRows, bCols] = transB ? [N, K] : [K, N];
  const lda = o.lda === undefined ? aCols : checkInt(fn, 'lda', o.lda, aCols);
  const ldb = o.ldb === undefined ? bCols : checkInt(fn, 'ldb', o.ldb, bCols);
  const ldc = o.ldc === undefined ? N : checkInt(fn, 'ldc', o.ldc, N);
  const activation = o.activation === undefined ? 'linear' : checkOneOf(fn, 'activation', o.activation, Object.keys(ACTIVATION_CODES) as ActivationName[]);
  const paramMin = activation === 'leakyRelu' || activation === 'elu' ? 0 : -Infinity;
  const actParam = o.actParam === undefined ? ACTIVATION_DEFAULT_PARAM[activation] : checkNumber(fn, 'actParam', o.actParam, paramMin);
  const spanA = checkMatrix(m, fn, 'a', o.a, aRows, aCols, lda);
  const spanB = checkMatrix(m, fn, 'b', o.b, bRows, bCols, ldb);
  const spanC = checkMatrix(m, fn, 'c', o.c, M, N, ldc);
  const bias = o.bias === undefined || o.bias === 0 ? 0 : o.bias;
  const spans: [string, [number, number]][] = [['a', spanA], ['b', spanB]];
  if (bias !== 0) spans.push(['bias', checkMatrix(m, fn, 'bias', bias, 1, N, N)]);
  // Span test (first to last byte): conservative for interleaved strided matrices, exact otherwise.
  for (const [name, s] of spans) {
    if (s[0] < spanC[1] && spanC[0] < s[1]) throw new ValidationError(fn, 'c', `a buffer that does not overlap '${name}'`, `bytes [${spanC[0]}, ${spanC[1]}) against [${s[0]}, ${s[1]})`);
  }
  const ws = gemmWorkspace(m);
  m.exports.sgemm(+transA, +transB, M, N, K, alpha, o.a, lda, o.b, ldb, beta, o.c, ldc, bias, ACTIVATION_CODES[activation], actParam, ws);
}

/** A rows x cols matrix with row stride ld at byte offset ptr must lie in the arena; returns its byte span. */
function checkMatrix(m: WasmModule, fn: string, arg: string, ptr: unknown, rows: number, cols: number, ld: number): [number, number] {
  const end = m.memory.buffer.byteLength;
  checkInt(fn, arg, ptr, m.arena.base, end);
  if ((ptr as number) % 4 !== 0) throw new ValidationError(fn, arg, 'a byte offset that is a multiple of 4', ptr);
  const last = (ptr as number) + ((rows - 1) * ld + cols) * 4;
  if (last > end) throw new ShapeError(fn, arg, `a [${rows}, ${ld}] matrix inside wasm memory (${end} bytes)`, `offset ${ptr} ending at byte ${last}`);
  return [ptr as number, last];
}
