// Small CNNs trained on the default module with 1, 2 and 4 threads: the same seeds give bit-identical
// losses and weights. conv2d's split work is its GEMMs: conv2dGemm (implicit im2col, the default:
// bindings/threads/convGemm.ts) or sgemm on explicit im2col chunks that do not depend on the thread
// count (im2col runs on the calling thread), and the input gradient (conv2dInputGrad: its GEMM and
// col2im by samples, bindings/threads/convInputGrad.ts); both modes are trained. The split GEMMs
// (bit-identical by construction, tests/threads/gemm.test.ts) keep the whole step identical. depthwiseConv2d and
// separableConv2d also split the depthwise kernels (bindings/threads/depthwise.ts: forward and input
// gradient by samples, the filter gradient by channels). The shapes are chosen so that the conv GEMMs
// and the depthwise kernels are above the split thresholds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { setThreads } from '../../bindings/threads/config.js';
import { MIN_WORK } from '../../bindings/threads/gemm.js';
import { sequential, conv2d, depthwiseConv2d, separableConv2d, flatten, dense, adam, tensor, type Layer } from '../../src/index.js';
import type { Im2colMode } from '../../src/layers/conv2d.js';

const convStack = (im2col: Im2colMode) => (): Layer[] => [
  Object.assign(conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [12, 12, 3] }), { im2col }),
  Object.assign(conv2d({ filters: 16, kernelSize: 3, strides: 2, activation: 'tanh' }), { im2col }),
  flatten(),
  dense({ units: 5, activation: 'softmax' }),
];
// Depthwise multiply-adds per call (B*OH*OW*KH*KW*C*DM, batch 32): 248,832 in the first layer (below
// MIN_WORK: one thread), 995,328 in the separable layer (C = 6: channel cuts of 1 channel) and 373,248
// in the last (C = 12: cuts of 4 channels on 2 threads, of 1-3 on 4), so both split paths and the
// unsplit one run.
const depthwiseStack = (): Layer[] => [
  depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu', inputShape: [12, 12, 3] }),
  separableConv2d({ filters: 12, kernelSize: 3, depthMultiplier: 4, padding: 'same', activation: 'tanh' }),
  depthwiseConv2d({ kernelSize: 3, depthMultiplier: 3, strides: 2, padding: 'same' }),
  flatten(),
  dense({ units: 5, activation: 'softmax' }),
];

// forced: every call above the floors is split (the pool's adaptive policy off); else the default
// policy decides call by call (bindings/threads/policy.ts), which must not change a bit either.
async function train(threads: number, layers: () => Layer[], forced = true): Promise<{ loss: number[]; weights: Float32Array[]; effective: number; posted: number }> {
  const effective = await setThreads(threads);
  const pool = (await ready()).pool;
  if (pool) pool.policy.adaptive = !forced;
  const posted0 = pool?.posted ?? 0;
  const n = 64;
  const x = new Float32Array(n * 12 * 12 * 3).map((_, i) => Math.sin(i * 0.37));
  const labels = new Float32Array(n).map((_, i) => (i * 7) % 5);
  const m = sequential({ seed: 3, layers: layers() });
  m.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
  const h = await m.fit(tensor(x, [n, 12, 12, 3]), tensor(labels, [n]), { epochs: 3, batchSize: 32, verbose: 0, seed: 4 });
  const weights = m.getWeights();
  m.dispose();
  if (pool) pool.policy.adaptive = true;
  return { loss: h.history.loss, weights, effective, posted: (pool?.posted ?? 0) - posted0 };
}

const STACKS = [['a conv2d CNN (implicit im2col)', convStack('implicit')], ['a conv2d CNN (explicit im2col)', convStack('explicit')], ['a depthwise/separable CNN', depthwiseStack]] as const;
for (const [name, layers] of STACKS) {
  test(`${name} trains to bit-identical weights on 1, 2 and 4 threads (every call split, and as the policy decides)`, async () => {
    const m = await ready();
    // First conv: M = 32*144 rows, N = 8, K = 27 (forward); dCol: M = 4608, N = 27, K = 8.
    assert.ok(32 * 144 * 8 * 27 >= MIN_WORK && 32 * 144 * 27 * 8 >= MIN_WORK, 'the conv GEMMs are split');
    // The separable layer's depthwise step: B*OH*OW*KH*KW*C*DM = 32*12*12*9*6*4 multiply-adds.
    assert.ok(32 * 144 * 9 * 6 * 4 >= MIN_WORK && 32 * 36 * 9 * 12 * 3 >= MIN_WORK && 32 * 144 * 9 * 3 * 2 < MIN_WORK, 'two depthwise layers are split, one is not');
    const before = m.pool?.threads ?? 1;
    try {
      const one = await train(1, layers);
      for (const [t, forced] of [[2, true], [4, true], [2, false]] as const) {
        const r = await train(t, layers, forced);
        if (m.pool) assert.is(r.effective, t);
        // 6 steps, each with split GEMMs (and depthwise kernels) when forced.
        if (m.pool && forced) assert.ok(r.posted >= 6 * 3, `${t} threads: ${r.posted} split calls`);
        assert.equal(r.loss, one.loss, `${t} threads: losses`);
        r.weights.forEach((w, i) => assert.ok(w.every((v, j) => Object.is(v, one.weights[i][j])), `${t} threads: weight tensor ${i} differs from 1 thread`));
      }
      assert.ok(one.loss[2] < one.loss[0], `it trains: ${one.loss}`);
    } finally {
      await setThreads(before);
    }
  });
}

test.run();
