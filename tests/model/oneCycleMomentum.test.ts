// oneCycle's momentum / beta1 cycling, end to end through model.fit: a linear model trained on mean
// squared error (so the float64 gradient is exact and short: dW = 2/B X^T r, db = 2/B sum r with the
// residual r = X w + b - y) for a whole cycle, against a float64 run of the same update rules
// (tests/reference/optim.ts, Keras's formulas, which simdnet implements) driven the way PyTorch's
// OneCycleLR drives torch.optim: before update t the optimizer's lr becomes schedule(t - 1) and its
// momentum (or betas[0]) schedule.momentum(t - 1). Each case also runs the reference with the momentum
// frozen at its first value (what an optimizer that ignored the cycle would do) and requires simdnet
// to be far from it, so the test fails if the cycle is not applied.
//
// Tolerance: the model computes in f32. Per step, the forward is a 5-term dot product and the
// gradient a 8-term sum (relative error <= about 13 * 2^-24 ≈ 8e-7 each, the residual r stays O(0.1-1)
// because y carries noise, so no cancellation), and the optimizer adds about 10 roundings per element
// (tests/kernels/optim.test.ts). Errors add over the 30 steps without growth (the iteration is a
// contraction at these rates): about 30 * 2e-6 ≈ 6e-5 relative in the worst case: rtol 6e-5, with
// atol 1e-6 for weights that pass near 0. Measured: the worst element uses well under a tenth of it.
// PyTorch differences that remain by design: torch's SGD keeps lr outside its velocity (buf = m*buf + g;
// p -= lr*buf), Keras inside (v = m*v - lr*g; p += v), which differs whenever lr changes; torch's Adam
// adds epsilon after the bias correction. simdnet keeps Keras's rules and cycles their momentum/beta1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready } from '../../bindings/loader.js';
import { sequential, dense, tensor, oneCycle, sgd, rmsprop, adam, adamW, adamax, nadam, adagrad, adadelta, type Optimizer } from '../../src/index.js';
import { optimReferences as R, nadamProduct } from '../reference/optim.js';
import { assertClose, throwsArg } from '../helpers.js';
import { Rng } from '../../src/rng.js';

const B = 8, F = 5, STEPS = 30;
const TOL = { rtol: 6e-5, atol: 1e-6 };

const rng = new Rng(42);
const X = Float32Array.from({ length: B * F }, () => rng.range(-1, 1));
const Y = Float32Array.from({ length: B }, (_, r) => {
  let s = 0.3 + rng.range(-0.2, 0.2); // bias 0.3 and noise: the residual never vanishes
  for (let j = 0; j < F; j++) s += X[r * F + j] * (j - 2) * 0.5;
  return s;
});

/** Float64 full-batch MSE gradient at params [w (F), b]. */
function gradient(p: Float64Array): Float64Array {
  const g = new Float64Array(F + 1);
  for (let r = 0; r < B; r++) {
    let res = p[F] - Y[r];
    for (let j = 0; j < F; j++) res += X[r * F + j] * p[j];
    for (let j = 0; j < F; j++) g[j] += (2 / B) * X[r * F + j] * res;
    g[F] += (2 / B) * res;
  }
  return g;
}

type Kind = 'sgd' | 'sgdNesterov' | 'rmsprop' | 'adam' | 'adamW' | 'adamax' | 'nadam';
const MAX_LR: Record<Kind, number> = { sgd: 0.3, sgdNesterov: 0.3, rmsprop: 0.02, adam: 0.05, adamW: 0.05, adamax: 0.05, nadam: 0.05 };

function schedule(kind: Kind) {
  return oneCycle({ maxLearningRate: MAX_LR[kind], totalSteps: STEPS });
}

function optimizer(kind: Kind): Optimizer {
  const learningRate = schedule(kind);
  switch (kind) {
    case 'sgd': return sgd({ learningRate });
    case 'sgdNesterov': return sgd({ learningRate, nesterov: true });
    case 'rmsprop': return rmsprop({ learningRate });
    case 'adam': return adam({ learningRate });
    case 'adamW': return adamW({ learningRate, weightDecay: 0.01 });
    case 'adamax': return adamax({ learningRate });
    case 'nadam': return nadam({ learningRate });
  }
}

/** The float64 trajectory from p0; momentumAt(t) is the momentum or beta1 of update t (1-based). */
function reference(kind: Kind, p0: Float64Array, momentumAt: (t: number) => number): Float64Array {
  const p = Float64Array.from(p0);
  const n = p.length;
  const st = [0, 1, 2].map(() => new Float64Array(n));
  const lrAt = schedule(kind);
  for (let t = 1; t <= STEPS; t++) {
    const g = gradient(p);
    const lr = lrAt(t - 1), m = momentumAt(t);
    const tail = [t, 1, 0] as const; // t, gradScale, clipValue
    switch (kind) {
      case 'sgd': case 'sgdNesterov': R.sgdStep(p, g, st[0], n, lr, m, ...tail, 0, kind === 'sgdNesterov' ? 1 : 0); break;
      case 'rmsprop': R.rmspropStep(p, g, st[0], st[1], st[2], n, lr, 0.9, m, 1e-7, ...tail, 0, 0); break;
      case 'adam': case 'adamW': R.adamStep(p, g, st[0], st[1], st[2], n, lr, m, 0.999, 1e-7, ...tail, kind === 'adamW' ? 0.01 : 0, 0); break;
      case 'adamax': R.adamaxStep(p, g, st[0], st[1], n, lr, m, 0.999, 1e-7, ...tail, 0); break;
      case 'nadam': R.nadamStep(p, g, st[0], st[1], n, lr, m, 0.999, 1e-7, ...tail, 0, nadamProduct(t, momentumAt)); break;
    }
  }
  return p;
}

async function train(kind: Kind): Promise<{ p0: Float64Array; p: Float64Array }> {
  const model = sequential({ seed: 3, layers: [dense({ units: 1, inputShape: [F], biasInitializer: 'randomNormal' })] });
  model.compile({ optimizer: optimizer(kind), loss: 'meanSquaredError' });
  const flat = (ws: Float32Array[]) => Float64Array.from([...ws[0], ...ws[1]]);
  const p0 = flat(model.getWeights());
  await model.fit(tensor(X, [B, F]), tensor(Y, [B, 1]), { batchSize: B, epochs: STEPS, shuffle: false, verbose: 0 });
  const p = flat(model.getWeights());
  model.dispose();
  return { p0, p };
}

const maxRelDiff = (a: Float64Array, b: Float64Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]) / (TOL.atol / TOL.rtol + Math.abs(b[i]))));

test('a whole oneCycle with each momentum/beta1 optimizer matches the float64 reference with the momentum cycled', async () => {
  await ready();
  for (const kind of Object.keys(MAX_LR) as Kind[]) {
    const cycled = schedule(kind).momentum!;
    const { p0, p } = await train(kind);
    const expected = reference(kind, p0, (t) => cycled(t - 1));
    assertClose(p, expected, { ...TOL, label: kind });
    // Frozen at the first value (maxMomentum 0.95): the trajectory must differ by far more than the tolerance.
    const frozen = reference(kind, p0, () => cycled(0));
    const d = maxRelDiff(p, frozen);
    assert.ok(d > 100 * TOL.rtol, `${kind}: only ${d} (relative) from a run with momentum frozen at ${cycled(0)}: the test cannot tell`);
  }
});

test('sgd without momentum cycles too (as PyTorch, whose SGD always has a momentum to overwrite): a momentum buffer exists', () => {
  const o = sgd({ learningRate: oneCycle({ maxLearningRate: 0.1, totalSteps: 10 }) });
  assert.equal(o.states().map((s) => s.name), ['momentum']);
  assert.equal(rmsprop({ learningRate: oneCycle({ maxLearningRate: 0.1, totalSteps: 10 }) }).states().map((s) => s.name), ['velocity', 'momentum']);
  assert.equal(sgd({ learningRate: oneCycle({ maxLearningRate: 0.1, totalSteps: 10, cycleMomentum: false }) }).states(), []);
});

test('getConfig saves the current momentum / beta1 of a cycled optimizer, as it saves the current rate', () => {
  const s = oneCycle({ maxLearningRate: 0.1, totalSteps: 10 });
  const o = adam({ learningRate: s });
  o.iterations = 4;
  const c = o.getConfig();
  assert.is(c.learningRate, s(4));
  assert.is(c.beta1, s.momentum!(4));
  const g = sgd({ learningRate: s });
  g.iterations = 2;
  assert.is(g.getConfig().momentum, s.momentum!(2));
});

test('errors: optimizers without momentum, momentum given twice, momentum out of range', () => {
  const cyc = (o: object = {}) => oneCycle({ maxLearningRate: 0.1, totalSteps: 10, ...o });
  // PyTorch: "optimizer must support momentum ..." for optimizers with neither 'momentum' nor 'betas'.
  throwsArg(() => adagrad({ learningRate: cyc() }), 'learningRate');
  throwsArg(() => adadelta({ learningRate: cyc() }), 'learningRate');
  adagrad({ learningRate: cyc({ cycleMomentum: false }) }); // no cycling: fine
  // The schedule owns momentum/beta1: giving it as well would be silently ignored, so it is refused.
  throwsArg(() => sgd({ learningRate: cyc(), momentum: 0.9 }), 'momentum');
  throwsArg(() => rmsprop({ learningRate: cyc(), momentum: 0 }), 'momentum');
  throwsArg(() => adam({ learningRate: cyc(), beta1: 0.9 }), 'beta1');
  throwsArg(() => nadam({ learningRate: cyc(), beta1: 0.8 }), 'beta1');
  // beta1 must stay below 1 (1 - beta1^t divides); momentum within [0, 1]; all-zero momentum is no cycle.
  throwsArg(() => adam({ learningRate: cyc({ maxMomentum: 1 }) }), 'learningRate');
  throwsArg(() => adamax({ learningRate: cyc({ baseMomentum: 1 }) }), 'learningRate');
  throwsArg(() => sgd({ learningRate: cyc({ maxMomentum: 1.5 }) }), 'learningRate');
  throwsArg(() => sgd({ learningRate: cyc({ maxMomentum: 0, baseMomentum: 0 }) }), 'learningRate');
  sgd({ learningRate: cyc({ maxMomentum: 1 }) }); // Keras's SGD accepts momentum 1
});

test.run();
