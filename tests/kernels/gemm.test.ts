// sgemm against a naive float64 triple loop (tests/reference/gemm.ts) in every transpose mode, on
// awkward sizes (SIMD tails, register-tile and cache-block edges), padded leading dimensions, alpha/
// beta combinations, beta = 0 over NaN garbage, bias, fused relu (and every other activation), extreme values, every wasm build.
//
// Tolerance: a rigorous bound, not a tuned one. Each C element is a float32 sum of K products, scaled
// by alpha, plus beta·C and the bias; along any element's path there are at most K products and
// sums, K/KC + 1 slice accumulations and 3 epilogue roundings, fewer than n = 2K + 8 operations. By
// Higham (Accuracy and Stability of Numerical Algorithms, 2002, §3.1) the error is at most
// γ_n·(|alpha|·Σ_k|A_ik·B_kj| + |beta·C_ij| + |bias_j|), γ_n = n·u/(1 - n·u), u = 2^-24. Blocked,
// vectorised and fused (relaxed_madd) summation stay inside it; relu is 1-Lipschitz. A wrong or
// missing term is of the size of one |A_ik·B_kj| ≈ magnitude/K, far above γ_n·magnitude.
// Cells of C outside the M x N block (the ldc padding) must come back bit-identical.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gemm, gemmWorkspace } from '../../bindings/gemm.js';
import { check, MODES, ALPHA_BETA, PADS, type Case } from './gemmHelpers.js';
import { ACTIVATION_CODES } from '../../bindings/codes.js';
import { ACTIVATION_NAMES } from '../../bindings/activation.js';
import type { WasmModule } from '../../bindings/loader.js';
import { Rng } from '../../src/rng.js';
import { sgemmRef } from '../reference/gemm.js';
import { SIZES, moduleFor, testBuilds, randomArray, put, get } from '../helpers.js';

/** Every size of SIZES (but the 4099 one) as M, N and K, in shapes that mix it with odd partners. */
function awkwardCases(): Case[] {
  const out: Case[] = [];
  let i = 0;
  for (const s of SIZES.filter((s) => s <= 129)) {
    for (const [M, N, K] of [[s, s, s], [s, 7, 129], [3, s, 65], [129, 17, s]]) {
      for (const [tA, tB] of MODES) {
        const [alpha, beta] = ALPHA_BETA[i % ALPHA_BETA.length];
        out.push({ tA, tB, M, N, K, alpha, beta, pad: PADS[i % PADS.length], bias: i % 2 === 0, relu: (i >> 1) % 2 === 0 });
        i++;
      }
    }
  }
  return out;
}

test('sgemm matches the float64 triple loop on awkward sizes, all transposes, alpha/beta, bias, relu', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(3);
    for (const c of awkwardCases()) check(m, c, rng);
  }
});

test('sgemm: several cache blocks (K > KC, N > NC, M > MC) in every mode, accumulating with beta = 1', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(4);
    for (const [tA, tB] of MODES) {
      check(m, { tA, tB, M: 300, N: 257, K: 513, alpha: 1, beta: 1, pad: [1, 2, 3], bias: true, relu: true }, rng);
      check(m, { tA, tB, M: 5, N: 600, K: 300, alpha: 0.5, beta: 0, pad: [0, 5, 0], bias: false, relu: false }, rng);
    }
  }
});

test('sgemm: extreme magnitudes stay inside the bound; Inf and NaN propagate like the reference', async () => {
  const huge = (r: Rng, n: number) => randomArray(r, n).map((v) => v * 1e18);
  const tiny = (r: Rng, n: number) => randomArray(r, n).map((v) => v * 1e-18);
  const special = (r: Rng, n: number) => {
    const a = randomArray(r, n);
    a[r.int(n)] = Infinity;
    a[r.int(n)] = -Infinity;
    a[r.int(n)] = NaN;
    return a;
  };
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(5);
    for (const [tA, tB] of MODES) {
      for (const fill of [huge, tiny, special]) {
        check(m, { tA, tB, M: 13, N: 11, K: 9, alpha: 1, beta: 0, pad: [0, 1, 0], bias: false, relu: false, fill }, rng);
        check(m, { tA, tB, M: 13, N: 11, K: 9, alpha: 1, beta: 1, pad: [2, 0, 1], bias: true, relu: true, fill }, rng);
      }
    }
  }
});

test('sgemm with a fused activation equals sgemm then activationForward, bit for bit, every code', async () => {
  // The activation values themselves are tested against float64 in the activation family; this
  // checks the fusion: every code, applied to every MC x NC block (M > MC, N > NC), after bias.
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const rng = new Rng(6);
    const [M, N, K] = [130, 520, 33];
    const pa = put(m, randomArray(rng, M * K, -2, 2)), pb = put(m, randomArray(rng, K * N, -2, 2)), pbias = put(m, randomArray(rng, N));
    const fused = m.arena.alloc(M * N * 4), plain = m.arena.alloc(M * N * 4);
    for (const name of ACTIVATION_NAMES) {
      const base = { M, N, K, a: pa, b: pb, bias: pbias, actParam: name === 'leakyRelu' || name === 'elu' ? 0.3 : 0 };
      gemm(m, { ...base, c: fused, activation: name });
      gemm(m, { ...base, c: plain });
      m.exports.activationForward(ACTIVATION_CODES[name], plain, plain, M * N, base.actParam);
      const f = get(m, fused, M * N), p = get(m, plain, M * N);
      const bad = f.findIndex((v, i) => !Object.is(v, p[i]));
      assert.is(bad, -1, `${build} ${name}: element ${bad}: fused ${f[bad]} vs separate ${p[bad]}`);
    }
    for (const p of [pa, pb, pbias, fused, plain]) m.arena.free(p);
  }
});

test('gemm rejects bad arguments with typed errors before calling wasm', async () => {
  const m = await moduleFor('plain');
  const a = m.arena.alloc(64 * 4), b = m.arena.alloc(64 * 4), c = m.arena.alloc(64 * 4);
  const ok = { M: 4, N: 4, K: 4, a, b, c };
  const expectError = (patch: Record<string, unknown>, code: string, arg: string) => {
    try {
      gemm(m, { ...ok, ...patch } as never);
      assert.unreachable(`accepted ${JSON.stringify(patch)}`);
    } catch (e) {
      const err = e as { code?: string; arg?: string; message: string };
      assert.is(err.code, code, `${JSON.stringify(patch)}: ${err.message}`);
      assert.is(err.arg, arg, `${JSON.stringify(patch)}: ${err.message}`);
    }
  };
  expectError({ M: 0 }, 'ERR_INVALID_ARGUMENT', 'M');
  expectError({ K: 2.5 }, 'ERR_INVALID_ARGUMENT', 'K');
  expectError({ N: '4' }, 'ERR_INVALID_TYPE', 'N');
  expectError({ lda: 3 }, 'ERR_INVALID_ARGUMENT', 'lda');
  expectError({ transB: true, ldb: 3 }, 'ERR_INVALID_ARGUMENT', 'ldb');
  expectError({ ldc: 2 }, 'ERR_INVALID_ARGUMENT', 'ldc');
  expectError({ transA: 1 }, 'ERR_INVALID_TYPE', 'transA');
  expectError({ alpha: NaN }, 'ERR_INVALID_ARGUMENT', 'alpha');
  expectError({ a: 2 }, 'ERR_INVALID_ARGUMENT', 'a'); // inside static data, below the arena
  expectError({ b: b + 2 }, 'ERR_INVALID_ARGUMENT', 'b'); // misaligned
  expectError({ c: m.memory.buffer.byteLength - 8 }, 'ERR_SHAPE_MISMATCH', 'c'); // runs past memory
  expectError({ lda: 1e9 }, 'ERR_SHAPE_MISMATCH', 'a');
  expectError({ c: a + 16 }, 'ERR_INVALID_ARGUMENT', 'c'); // overlaps A
  expectError({ bias: c + 8 }, 'ERR_INVALID_ARGUMENT', 'c'); // bias overlaps C
  expectError({ activation: 'swishy' }, 'ERR_INVALID_ARGUMENT', 'activation');
  expectError({ activation: 'elu', actParam: -1 }, 'ERR_INVALID_ARGUMENT', 'actParam');
  expectError({ bets: 1 }, 'ERR_INVALID_ARGUMENT', 'bets');
  for (const p of [a, b, c]) m.arena.free(p);
});

test('gemmWorkspace is allocated once per module', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    assert.is(gemmWorkspace(m), gemmWorkspace(m));
    assert.ok(m.exports.gemmWorkspaceBytes() > 0);
  }
});

test.run();
