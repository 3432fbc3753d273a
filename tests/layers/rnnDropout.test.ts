// dropout and recurrentDropout in lstm and gru (src/layers/recurrent/rnnDropout.ts), Keras 3
// semantics: the training forward against the plain reference of Keras's cells (tests/reference/
// rnnDropout.ts) with the masks the layer drew (one per sample for the whole sequence; one per gate
// block when recurrentDropout > 0); the masks' values and keep rate; inference without dropout;
// seeded streams; finite differences with the masks fixed (the stream is reseeded before each loss);
// save/load of the options and typed errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '../../bindings/loader.js';
import { sequential, lstm, gru, bidirectional, dense, embedding, sgd, tensor, Rng, loadModel, saveTfjs, loadTfjs, ValidationError, type Sequential, type Layer } from '../../src/index.js';
import { prepare, loadBatch } from '../../src/model/data.js';
import { iota } from '../../src/model/evaluate.js';
import { check } from '../model/gradcheckModel.js';
import { assertClose, randomArray } from '../helpers.js';
import { rnnReference } from '../reference/rnnDropout.js';

type Kind = { kind: 'lstm' | 'gru'; resetAfter?: boolean };
const KINDS: Kind[] = [{ kind: 'lstm' }, { kind: 'gru', resetAfter: true }, { kind: 'gru', resetAfter: false }];
const cell = (k: Kind, o: Record<string, unknown>) => (k.kind === 'lstm' ? lstm(o as never) : gru({ ...o, resetAfter: k.resetAfter } as never));

/** The layer's dropout scratch pointers (rnnDropout.ts). */
function masksOf(l: Layer): { inMask: number; recMask: number } {
  return (l as unknown as { dp: { p: { inMask: number; recMask: number } } }).dp.p;
}

/** One training step at learning rate 0 on (x, y); returns the engine for reading buffers. */
function trainStep(m: Sequential, x: Float32Array, inShape: number[], y: Float32Array, yShape: number[]) {
  const engine = m.engineFor('test');
  engine.ensurePlan(yShape[0]);
  loadBatch(engine, prepare('test', engine, tensor(x, [yShape[0], ...inShape]), tensor(y, yShape), null), iota(yShape[0]), 0, yShape[0]);
  m.layers.forEach((l, i) => l.stochastic && l.seed(11 + i)); // fit seeds the streams; here we do
  const loss = engine.trainBatch(yShape[0]);
  return { engine, loss };
}

test('training forward = Keras cells with the drawn masks (one per sequence, per gate block under recurrentDropout); inference has none', async () => {
  await ready();
  const [B, T, C, U] = [3, 4, 3, 5];
  let seed = 1;
  for (const k of KINDS) {
    const G = k.kind === 'lstm' ? 4 : 3;
    for (const [rate, recurrentRate] of [[0.3, 0], [0, 0.4], [0.25, 0.5]]) {
      for (const [goBackwards, returnSequences] of [[false, true], [true, false]]) {
        const label = `${k.kind}${k.kind === 'gru' ? ` resetAfter ${k.resetAfter}` : ''} dropout ${rate} recurrentDropout ${recurrentRate} goBackwards ${goBackwards}`;
        const layer = cell(k, { units: U, dropout: rate, recurrentDropout: recurrentRate, goBackwards, returnSequences, seed: seed, inputShape: [T, C] });
        const m = sequential({ seed: seed++, layers: [layer] });
        m.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'meanSquaredError' });
        const rng = new Rng(seed);
        m.setWeights(m.getWeights().map((w) => randomArray(rng, w.length, -0.7, 0.7)));
        const x = randomArray(rng, B * T * C, -1.5, 1.5);
        const outShape = returnSequences ? [T, U] : [U];
        const y = randomArray(rng, B * outShape.reduce((a, b) => a * b, 1));
        const { engine } = trainStep(m, x, [T, C], y, [B, ...outShape]);
        const heap = engine.heap();
        const { inMask, recMask } = masksOf(layer);
        const nIn = rate > 0 ? (recurrentRate > 0 ? G : 1) : 0;
        const read = (p: number, g: number, n: number) => heap.slice((p >>> 2) + g * n, (p >>> 2) + (g + 1) * n);
        const inMasks = nIn ? Array.from({ length: G }, (_, g) => read(inMask, nIn === 1 ? 0 : g, B * C)) : null;
        const recMasks = recurrentRate > 0 ? Array.from({ length: G }, (_, g) => read(recMask, g, B * U)) : null;
        for (const [masks, r] of [[inMasks, rate], [recMasks, recurrentRate]] as const) {
          if (!masks) continue;
          const scale = Math.fround(1 / Math.fround(1 - r));
          assert.ok(masks.every((mk) => mk.every((v) => v === 0 || v === scale)), `${label}: mask values 0 or 1/(1-rate)`);
          assert.ok(masks.some((mk) => mk.some((v) => v === 0)) && masks.some((mk) => mk.some((v) => v !== 0)), `${label}: masks drop some and keep some`);
        }
        if (nIn === G) assert.ok(inMasks!.some((mk) => mk.some((v, i) => v !== inMasks![0][i])), `${label}: one input mask per gate block`);
        const [kernel, recurrent, bias] = m.getWeights();
        const ref = { ...k, B, T, C, U, x, kernel, recurrent, bias, goBackwards, returnSequences };
        const y0 = engine.plan!.acts[0] >>> 2;
        assertClose(heap.slice(y0, y0 + y.length), rnnReference({ ...ref, inMasks, recMasks }), { rtol: 1e-4, atol: 1e-6, label: `${label}: training forward` });
        assertClose(m.predict(tensor(x, [B, T, C])).data, rnnReference({ ...ref, inMasks: null, recMasks: null }), { rtol: 1e-4, atol: 1e-6, label: `${label}: predict has no dropout` });
        m.dispose();
      }
    }
  }
});

test('masks: keep rate 1 - rate, a new draw per batch, the same stream from the same seed', async () => {
  await ready();
  const [B, T, C, U] = [64, 2, 16, 16];
  const rng = new Rng(9);
  const x = randomArray(rng, B * T * C);
  const y = randomArray(rng, B * U);
  const draws = (seed: number) => {
    const layer = lstm({ units: U, dropout: 0.3, recurrentDropout: 0.6, seed, inputShape: [T, C] });
    const m = sequential({ seed: 1, layers: [layer] });
    m.compile({ optimizer: sgd({ learningRate: 0 }), loss: 'meanSquaredError' });
    const { engine } = trainStep(m, x, [T, C], y, [B, U]);
    layer.seed(0); // fit's seed is replaced by the layer's own
    const out: Float32Array[] = [];
    for (let i = 0; i < 2; i++) {
      engine.trainBatch(B);
      const { inMask, recMask } = masksOf(layer);
      out.push(engine.heap().slice(inMask >>> 2, (inMask >>> 2) + 4 * B * C), engine.heap().slice(recMask >>> 2, (recMask >>> 2) + 4 * B * U));
    }
    m.dispose();
    return out;
  };
  const a = draws(5);
  const kept = (v: Float32Array) => v.filter((e) => e !== 0).length / v.length;
  // 4096 draws each: the keep fraction's standard deviation is about 0.008.
  assert.ok(Math.abs(kept(a[0]) - 0.7) < 0.04, `dropout 0.3 keeps ${kept(a[0])}`);
  assert.ok(Math.abs(kept(a[1]) - 0.4) < 0.04, `recurrentDropout 0.6 keeps ${kept(a[1])}`);
  assert.not.equal(Array.from(a[0]), Array.from(a[2]), 'the next batch draws new masks');
  assert.equal(draws(5).map((v) => Array.from(v)), a.map((v) => Array.from(v)), 'same seed, same masks');
  assert.not.equal(Array.from(draws(6)[0]), Array.from(a[0]), 'another seed, other masks');
});

test('a seeded fit is reproducible with cell dropout (no layer seed: the streams come from the fit seed)', async () => {
  await ready();
  const rng = new Rng(2);
  const x = tensor(randomArray(rng, 8 * 3 * 2), [8, 3, 2]);
  const y = tensor(randomArray(rng, 8 * 2), [8, 2]);
  const train = async (fitSeed: number) => {
    const m = sequential({ seed: 1, layers: [gru({ units: 2, dropout: 0.3, recurrentDropout: 0.3, returnSequences: true, inputShape: [3, 2] }), lstm({ units: 2, dropout: 0.3, recurrentDropout: 0.3 })] });
    m.compile({ optimizer: sgd({ learningRate: 0.1 }), loss: 'meanSquaredError' });
    await m.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, seed: fitSeed });
    const w = m.getWeights().flatMap((a) => Array.from(a));
    m.dispose();
    return w;
  };
  const a = await train(3);
  assert.equal(await train(3), a, 'same fit seed, same weights');
  assert.not.equal(await train(4), a, 'another fit seed (other masks and shuffling), other weights');
});

test('finite differences with the masks fixed: lstm and gru (both forms), a dense before (dx), stacked, masked, bidirectional', async () => {
  await ready();
  const y = randomArray(new Rng(3), 3 * 2);
  for (const k of KINDS) {
    const drop = { dropout: 0.3, recurrentDropout: 0.4, biasInitializer: 'randomNormal' };
    check([dense({ units: 3, activation: 'tanh', inputShape: [4, 2] }), cell(k, { units: 3, returnSequences: true, ...drop }), cell(k, { units: 5, dropout: 0.2, goBackwards: true }), dense({ units: 2 })], 'meanSquaredError', [4, 2], y, [3, 2]);
    check([dense({ units: 3, activation: 'tanh', inputShape: [3, 2] }), cell(k, { units: 5, recurrentDropout: 0.5 }), dense({ units: 2 })], 'meanSquaredError', [3, 2], y, [3, 2]);
    check([dense({ units: 4, activation: 'tanh', inputShape: [3, 2] }), bidirectional({ layer: cell(k, { units: 3, ...drop }), mergeMode: 'sum' }), dense({ units: 2 })], 'meanSquaredError', [3, 2], y, [3, 2]);
  }
  // Padded steps from embedding({maskZero}): a masked step keeps its state under dropout too.
  const ids = Int32Array.from([0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 1, 2]);
  check([embedding({ inputDim: 5, outputDim: 3, maskZero: true, inputShape: [4] }), lstm({ units: 3, dropout: 0.3, recurrentDropout: 0.3 }), dense({ units: 2 })], 'meanSquaredError', [4], y, [3, 2], 1e-2, ids);
});

test('save/load: dropout, recurrentDropout and seed survive both formats; typed errors', async () => {
  await ready();
  const dir = await mkdtemp(join(tmpdir(), 'simdnet-rnndrop-'));
  try {
    const m = sequential({ seed: 2, layers: [lstm({ units: 3, dropout: 0.2, recurrentDropout: 0.1, seed: 7, returnSequences: true, inputShape: [4, 2] }), gru({ units: 2, dropout: 0.5, resetAfter: false })] });
    await m.save(dir);
    const back = await loadModel(dir);
    assert.equal(back.layers.map((l) => l.getConfig()), m.layers.map((l) => l.getConfig()));
    const c = back.layers[0].getConfig();
    assert.equal([c.dropout, c.recurrentDropout, c.seed], [0.2, 0.1, 7]);
    await saveTfjs(m, join(dir, 'tfjs'));
    const t = await loadTfjs(join(dir, 'tfjs'));
    assert.equal(t.layers.map((l) => [l.getConfig().dropout, l.getConfig().recurrentDropout]), [[0.2, 0.1], [0.5, 0]]);
    const x = tensor(randomArray(new Rng(1), 2 * 8), [2, 4, 2]);
    assert.equal(Array.from(t.predict(x).data), Array.from(m.predict(x).data), 'inference ignores dropout');
    for (const l of [m, back, t]) l.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  for (const [o, arg] of [[{ dropout: 1 }, 'dropout'], [{ recurrentDropout: -0.1 }, 'recurrentDropout'], [{ dropout: '0.1' }, 'dropout'], [{ seed: 1.5 }, 'seed']] as const) {
    for (const f of [lstm, gru]) assert.throws(() => f({ units: 2, ...o } as never), (e: ValidationError) => e instanceof ValidationError && e.arg === arg, JSON.stringify(o));
  }
});

test.run();
