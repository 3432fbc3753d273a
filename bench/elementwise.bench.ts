// Activation throughput: simdnet's activationForward / softmaxForward (relaxed and plain builds)
// against @tensorflow/tfjs-backend-wasm and -cpu 4.22 (tf.relu, tf.sigmoid, tf.tanh, tf.elu,
// tf.softmax) and a naive TypeScript loop, all in one process. GB/s counts one f32 read and one
// write per element (8 bytes), for every implementation alike. Rounds are interleaved (every
// implementation once per round, tinybench timing each, at least 5 calls and 150 ms) because this machine is shared; the table
// reports the median round's p50 and the ratios of simdnet (relaxed) to each peer.
// tfjs ops allocate their output tensor on every call (that is how tfjs runs); simdnet writes into a
// preallocated buffer (that is how simdnet runs). Both are what a training step would pay.
// Thread counts: simdnet and tfjs-wasm both run on one thread here (bench/tfjs.ts measures it).
import { Bench } from 'tinybench';
import { loadTfjs, describeTfjs, tfjsThreads, type Tf } from './tfjs.js';
import { describeMachine } from './measure.js';
import { instantiate, supportedBuilds, type WasmModule } from '../bindings/loader.js';
import { ACTIVATION_CODES } from '../bindings/codes.js';
import { Rng } from '../src/rng.js';

const ROUNDS = 3;
const SIZES = [1 << 16, 1 << 20];
const SOFTMAX_COLS = 1024;
const OPS = ['relu', 'sigmoid', 'tanh', 'elu', 'softmax'] as const;
type Op = (typeof OPS)[number];

/** Naive TypeScript: the loop a user would write first. */
function naive(op: Op, x: Float32Array, y: Float32Array): void {
  const n = x.length;
  if (op === 'softmax') {
    for (let o = 0; o < n; o += SOFTMAX_COLS) {
      let m = -Infinity;
      for (let j = 0; j < SOFTMAX_COLS; j++) m = Math.max(m, x[o + j]);
      let s = 0;
      for (let j = 0; j < SOFTMAX_COLS; j++) s += y[o + j] = Math.exp(x[o + j] - m);
      for (let j = 0; j < SOFTMAX_COLS; j++) y[o + j] /= s;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = x[i];
    y[i] = op === 'relu' ? (v > 0 ? v : 0) : op === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : op === 'tanh' ? Math.tanh(v) : v > 0 ? v : Math.expm1(v);
  }
}

function simdnet(m: WasmModule, op: Op, x: number, y: number, n: number): () => void {
  const e = m.exports;
  if (op === 'softmax') return () => void e.softmaxForward(x, y, n / SOFTMAX_COLS, SOFTMAX_COLS);
  const code = ACTIVATION_CODES[op];
  const param = op === 'elu' ? 1 : 0;
  return () => void e.activationForward(code, x, y, n, param);
}

function tfOp(tf: Tf, op: Op, x: ReturnType<Tf['tensor']>): () => void {
  const run = op === 'softmax' ? () => tf.softmax(x) : () => tf[op](x);
  return () => run().dispose();
}

const builds = (await supportedBuilds()).filter((b) => b !== 'debug');
const modules = await Promise.all(builds.map((b) => instantiate(b)));
const tf = await loadTfjs();
const tfThreads = await tfjsThreads(tf);
console.log(`${describeMachine()}; ${describeTfjs(tf, tfThreads)}; simdnet builds: ${builds.join(', ')} (1 thread)`);
const TFW = `tfjs-wasm ${tfThreads.threads}T`;
console.log(`\n| op | n | simdnet relaxed 1T GB/s | simdnet plain 1T GB/s | ${TFW} GB/s | tfjs-cpu GB/s | naive TS GB/s | vs ${TFW} | vs tfjs-cpu | vs naive |`);
console.log('|---|---|---|---|---|---|---|---|---|---|');

for (const n of SIZES) {
  const rng = new Rng(1);
  const data = Float32Array.from({ length: n }, () => rng.range(-4, 4));
  const shape = [n / SOFTMAX_COLS, SOFTMAX_COLS];
  const ptrs = modules.map((m) => {
    const x = m.arena.alloc(4 * n);
    m.arena.f32(x, n).set(data);
    return { x, y: m.arena.alloc(4 * n) };
  });
  const ys = new Float32Array(n);
  for (const op of OPS) {
    const names = [...builds.map((b) => `simdnet ${b}`), 'tfjs-wasm', 'tfjs-cpu', 'naive TS'];
    const p50: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // One Bench per round with every implementation; tfjs tasks switch the backend and create
      // their input tensor in beforeAll (untimed).
      const bench = new Bench({ time: 150, iterations: 5, warmupTime: 30, warmupIterations: 2 });
      modules.forEach((m, i) => bench.add(`simdnet ${builds[i]}`, simdnet(m, op, ptrs[i].x, ptrs[i].y, n)));
      for (const backend of ['wasm', 'cpu']) {
        let run: () => void = () => {};
        let x: ReturnType<Tf['tensor']> | null = null;
        bench.add(`tfjs-${backend}`, () => run(), {
          async beforeAll() {
            await tf.setBackend(backend);
            x = tf.tensor(data, op === 'softmax' ? shape : [n]);
            run = tfOp(tf, op, x);
          },
          afterAll() {
            x?.dispose();
          },
        });
      }
      bench.add('naive TS', () => naive(op, data, ys));
      await bench.run();
      for (const t of bench.tasks) p50[t.name].push((t.result as { latency: { p50: number } }).latency.p50);
    }
    const ms = (k: string) => [...p50[k]].sort((a, b) => a - b)[ROUNDS >> 1];
    const gbs = (k: string) => (p50[k]?.length ? ((8 * n) / (ms(k) * 1e6)).toFixed(2) : 'n/a');
    const best = builds.includes('relaxed') ? 'simdnet relaxed' : 'simdnet plain';
    const ratio = (k: string) => `${(ms(k) / ms(best)).toFixed(1)}x`;
    console.log(
      `| ${op}${op === 'softmax' ? ` (rows of ${SOFTMAX_COLS})` : ''} | ${n} | ${gbs('simdnet relaxed')} | ${gbs('simdnet plain')} | ${gbs('tfjs-wasm')} | ${gbs('tfjs-cpu')} | ${gbs('naive TS')} | ${ratio('tfjs-wasm')} | ${ratio('tfjs-cpu')} | ${ratio('naive TS')} |`,
    );
  }
}
