// The sgemm check shared by the gemm suites: one call against the float64 triple loop
// (tests/reference/gemm.ts) with the rigorous error bound explained in gemm.test.ts, every element
// of C checked and the ldc padding required bit-identical. `variant` set: the sgemmVariant export
// with that variant (bindings/gemmVariants.ts) instead of the validated gemm() wrapper.
import * as assert from 'uvu/assert';
import { gemm, gemmWorkspace } from '../../bindings/gemm.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';
import { sgemmRef } from '../reference/gemm.js';
import { randomArray, put, get } from '../helpers.js';

export interface Case {
  tA: number; tB: number; M: number; N: number; K: number;
  alpha: number; beta: number; pad: [number, number, number]; bias: boolean; relu: boolean;
  /** Values written into A and B before the call (default: uniform in [-1, 1)). */
  fill?: (rng: Rng, n: number) => Float32Array;
}

export const U = 2 ** -24;
const SENTINEL = 12345.5;
export const MODES: [number, number][] = [[0, 0], [0, 1], [1, 0], [1, 1]];
export const ALPHA_BETA: [number, number][] = [[1, 0], [1, 1], [-0.5, 2], [2, -1], [0.25, 0], [0, 1]];
export const PADS: [number, number, number][] = [[0, 0, 0], [3, 1, 5], [1, 7, 2]];

/** Runs one case on module m and checks every element of C (and its padding) against the reference. */
export function check(m: WasmModule, c: Case, rng: Rng, variant?: number): void {
  const { tA, tB, M, N, K, alpha, beta, pad } = c;
  const [aRows, aCols] = tA ? [K, M] : [M, K];
  const [bRows, bCols] = tB ? [N, K] : [K, N];
  const lda = aCols + pad[0], ldb = bCols + pad[1], ldc = N + pad[2];
  const fill = c.fill ?? ((r: Rng, n: number) => randomArray(r, n));
  const A = fill(rng, aRows * lda);
  const B = fill(rng, bRows * ldb);
  // beta = 0 must ignore C entirely: give it NaN garbage. Otherwise random, padding = sentinel.
  const C = beta === 0 ? new Float32Array(M * ldc).fill(NaN) : randomArray(rng, M * ldc);
  for (let i = 0; i < M; i++) for (let j = N; j < ldc; j++) C[i * ldc + j] = SENTINEL;
  const bias = c.bias ? randomArray(rng, N) : null;
  const expected = Float64Array.from(C);
  const magnitude = new Float64Array(M * ldc);
  sgemmRef(tA, tB, M, N, K, alpha, lda, ldb, beta, ldc, c.relu ? 1 : 0, { a: A, b: B, c: expected, bias, magnitude });

  const pa = put(m, A), pb = put(m, B), pc = put(m, C), pbias = bias ? put(m, bias) : 0;
  if (variant === undefined) gemm(m, { transA: !!tA, transB: !!tB, M, N, K, alpha, beta, a: pa, lda, b: pb, ldb, c: pc, ldc, bias: pbias, activation: c.relu ? 'relu' : 'linear' });
  else m.exports.sgemmVariant(variant, tA, tB, M, N, K, alpha, pa, lda, pb, ldb, beta, pc, ldc, pbias, c.relu ? 1 : 0, 0, gemmWorkspace(m));
  const got = get(m, pc, M * ldc);
  for (const p of [pa, pb, pc, pbias]) if (p) m.arena.free(p);

  const n = 2 * K + 8;
  const gamma = (n * U) / (1 - n * U);
  const label = `${m.build}${variant === undefined ? '' : ` variant ${variant}`} ${tA ? 'T' : 'N'}${tB ? 'T' : 'N'} M=${M} N=${N} K=${K} alpha=${alpha} beta=${beta} ld+${pad} bias=${c.bias} relu=${c.relu}`;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < ldc; j++) {
      const x = i * ldc + j;
      const g = got[x], e = expected[x];
      if (j >= N) {
        if (g !== SENTINEL) assert.unreachable(`${label}: padding C[${i},${j}] changed to ${g}`);
      } else if (!Number.isFinite(e)) {
        if (!Object.is(g, e) && !(Number.isNaN(g) && Number.isNaN(e))) assert.unreachable(`${label}: C[${i},${j}] = ${g}, expected ${e}`);
      } else if (!(Math.abs(g - e) <= gamma * magnitude[x])) {
        assert.unreachable(`${label}: C[${i},${j}] = ${g}, expected ${e} (|diff| ${Math.abs(g - e)} > bound ${gamma * magnitude[x]})`);
      }
    }
  }
}

