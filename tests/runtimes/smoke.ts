// The runtime smoke test: the same script runs in Node, Deno, Bun and Chromium (tests/runtimes/
// runtimes.test.ts starts each) using only the public API (`simdnet` and `simdnet/bindings`, imported
// from dist/ by relative path so no package resolution is needed). For each build it checks a GEMM
// against a plain JS reference, trains a small seeded MLP and checks its accuracy, and hashes the
// GEMM output, final weights and loss history so the harness can compare runtimes bit for bit.
// Only exactly rounded JS arithmetic touches the data (Rng.uniform is u32 / 2^32, labels are sign
// tests): engines' Math.log/cos may differ in the last bit (V8 vs JavaScriptCore), wasm may not.
import { ready, Rng, sequential, dense, sgd, tensor, type BuildName } from '../../src/index.js';
import { gemm } from '../../bindings/index.js';

export interface BuildReport {
  build: BuildName;
  /** max |C - C_ref| / bound, where bound = K·2⁻²³·Σ|a||b| per element (must be <= 1). */
  gemmErrorRatio: number;
  gemmHash: string;
  losses: number[];
  accuracy: number;
  weightsHash: string;
  lossHash: string;
}

export interface SmokeReport {
  runtime: string;
  /** The build `ready()` picked with no options, and how it got the bytes. */
  defaultBuild: BuildName;
  loadedBy: string;
  builds: BuildReport[];
}

/** FNV-1a (32 bit) over the bytes of the given arrays: enough to tell two runs' numbers apart. */
function fnv1a(arrays: ArrayBufferView[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** 'node 20.20.2', 'deno 2.9.6', 'bun 1.4.5' or the browser's Chrome/version. */
export function runtimeName(): string {
  const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string }; process?: { versions?: { node?: string } }; navigator?: { userAgent: string } };
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.Bun) return `bun ${g.Bun.version}`;
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  const chrome = g.navigator?.userAgent.match(/(?:Headless)?Chrome\/[\d.]+/);
  return chrome ? chrome[0] : (g.navigator?.userAgent ?? 'unknown');
}

// C[M,N] = A[M,K]·B[K,N] with sizes off the kernel's tiles, so every tail path runs.
function checkGemm(m: Awaited<ReturnType<typeof ready>>): { ratio: number; hash: string } {
  const [M, N, K] = [37, 45, 131];
  const rng = new Rng(11);
  const a = m.arena.alloc(M * K * 4);
  const b = m.arena.alloc(K * N * 4);
  const c = m.arena.alloc(M * N * 4);
  try {
    const A = m.arena.f32(a, M * K);
    const B = m.arena.f32(b, K * N);
    for (let i = 0; i < A.length; i++) A[i] = rng.range(-1, 1);
    for (let i = 0; i < B.length; i++) B[i] = rng.range(-1, 1);
    const [A0, B0] = [A.slice(), B.slice()]; // gemm may grow memory (its workspace), detaching views
    gemm(m, { M, N, K, a, b, c });
    const C = m.arena.f32(c, M * N);
    let ratio = 0;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let ref = 0;
        let abs = 0;
        for (let k = 0; k < K; k++) {
          ref += A0[i * K + k] * B0[k * N + j];
          abs += Math.abs(A0[i * K + k] * B0[k * N + j]);
        }
        ratio = Math.max(ratio, Math.abs(C[i * N + j] - ref) / (K * 2 ** -23 * abs));
      }
    }
    return { ratio, hash: fnv1a([C]) };
  } finally {
    m.arena.free(a);
    m.arena.free(b);
    m.arena.free(c);
  }
}

// 4 classes from the signs of x0 + x1 and x0 - x1 (an XOR of two half-planes: needs the hidden
// layer), plus 6 uniform noise features. 1024 training and 512 test samples.
function dataset(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 8);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 8; j++) x[i * 8 + j] = rng.range(-1, 1);
    const [u, v] = [x[i * 8], x[i * 8 + 1]];
    y[i] = (u + v > 0 ? 1 : 0) + (u - v > 0 ? 2 : 0);
  }
  return { x: tensor(x, [n, 8]), y: tensor(y, [n]) };
}

async function trainMlp(): Promise<Omit<BuildReport, 'build' | 'gemmErrorRatio' | 'gemmHash'>> {
  const train = dataset(1024, 1);
  const test = dataset(512, 2);
  const model = sequential({ seed: 7, layers: [dense({ units: 32, activation: 'relu', inputShape: [8] }), dense({ units: 4, activation: 'softmax' })] });
  try {
    model.compile({ optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(train.x, train.y, { batchSize: 32, epochs: 8, seed: 3, verbose: 0 });
    const losses = history.history.loss as number[];
    const accuracy = model.evaluate(test.x, test.y).accuracy as number;
    return { losses, accuracy, weightsHash: fnv1a(model.getWeights()), lossHash: fnv1a([new Float64Array(losses)]) };
  } finally {
    model.dispose();
  }
}

/** Runs the checks on the default build and on `plain` (the build every runtime can run). */
export async function smoke(): Promise<SmokeReport> {
  const first = await ready();
  const report: SmokeReport = { runtime: runtimeName(), defaultBuild: first.build, loadedBy: first.loadedBy, builds: [] };
  for (const build of [...new Set<BuildName>([first.build, 'plain'])]) {
    const m = await ready({ build });
    const g = checkGemm(m);
    report.builds.push({ build, gemmErrorRatio: g.ratio, gemmHash: g.hash, ...(await trainMlp()) });
  }
  return report;
}
