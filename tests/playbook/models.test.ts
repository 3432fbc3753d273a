// The playbook's base model families (src/playbook/models.ts): the default per data kind (the CNN
// for images big enough for it), the typed errors of a model that cannot fit the data, every
// strategy reaching the CNN's blocks, and the pasteable code building the same layers as the
// study's model (evaluated here with the public factories and compared config by config).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as simdnet from '../../src/index.js';
import { ValidationError } from '../../src/errors.js';
import { buildModel, layerCode, MNIST_CNN, resolveModel } from '../../src/playbook/models.js';
import { baselineConfig, type Head, type RunConfig } from '../../src/playbook/config.js';
import type { Sequential } from '../../src/model/sequential.js';

const head: Head = { type: 'softmax', units: 10 };
const cnnBase = baselineConfig(MNIST_CNN, 1);

test('default base models: the CNN for images, the MLP when the images are too small, MLPs otherwise', () => {
  assert.equal(resolveModel('playbook', undefined, 'image', [28, 28, 1]), { model: MNIST_CNN, note: null });
  // mnist_cnn's two 3x3 convolutions take 4 pixels, the pool halves: 6x6 is the smallest that fits.
  assert.is(resolveModel('playbook', undefined, 'image', [6, 6, 1]).model.family, 'cnn');
  const small = resolveModel('playbook', undefined, 'image', [5, 5, 3]);
  assert.equal(small.model, { family: 'mlp', hidden: [512, 512] });
  assert.match(small.note ?? '', /5x5 are too small for the default CNN/);
  assert.equal(resolveModel('playbook', undefined, 'vector', [20]).model, { family: 'mlp', hidden: [512, 512] });
  assert.equal(resolveModel('playbook', undefined, 'text', [2000]).model, { family: 'mlp', hidden: [256] });
  assert.equal(resolveModel('playbook', 'mlp', 'image', [28, 28, 1]).model, { family: 'mlp', hidden: [512, 512] });
  assert.equal(resolveModel('playbook', 'cnn', 'image', [28, 28, 1]).model, MNIST_CNN);
  const own = { family: 'cnn', filters: [8], kernelSize: 5, poolSize: 1, hidden: [], extra: 1 };
  assert.equal(resolveModel('playbook', own, 'image', [9, 9, 1]).model, { family: 'cnn', filters: [8], kernelSize: 5, poolSize: 1, hidden: [] }, 'unknown keys are not carried into the journal');
});

test('a model that cannot be the base model is a typed error naming it', () => {
  const fails = (choice: unknown, kind: 'image' | 'vector' | 'text', shape: number[], code: string, message: RegExp) => {
    try {
      resolveModel('playbook', choice, kind, shape);
    } catch (e) {
      assert.instance(e, ValidationError);
      assert.is((e as ValidationError).arg, 'model');
      assert.is((e as ValidationError).code, code, JSON.stringify(choice));
      assert.match((e as Error).message, message);
      return;
    }
    assert.unreachable(`no error for ${JSON.stringify(choice)}`);
  };
  fails('cnn', 'vector', [20], 'ERR_INVALID_ARGUMENT', /CNN needs images/);
  fails('cnn', 'text', [2000], 'ERR_INVALID_ARGUMENT', /CNN needs images/);
  fails('cnn', 'image', [5, 5, 1], 'ERR_INVALID_ARGUMENT', /fit 5x5 images/);
  fails('resnet', 'image', [28, 28, 1], 'ERR_INVALID_ARGUMENT', /'mlp', 'cnn'/);
  fails({ family: 'cnn', filters: [], kernelSize: 3, poolSize: 2, hidden: [] }, 'image', [28, 28, 1], 'ERR_INVALID_TYPE', /filters/);
  fails({ family: 'cnn', filters: [4], kernelSize: 0, poolSize: 2, hidden: [] }, 'image', [28, 28, 1], 'ERR_INVALID_TYPE', /kernelSize/);
  fails({ family: 'mlp', hidden: [64.5] }, 'vector', [20], 'ERR_INVALID_TYPE', /hidden/);
  fails(null, 'vector', [20], 'ERR_INVALID_TYPE', /family/);
});

const kinds = (m: Sequential) => m.layers.map((l) => l.className);

function built(c: RunConfig): Sequential {
  const m = buildModel(c, 'image', [28, 28, 1], head, 1);
  m.compile({ optimizer: 'rmsprop', loss: 'sparseCategoricalCrossentropy' });
  return m;
}

test('the CNN baseline is mnist_cnn without its dropout', () => {
  const m = built(cnnBase);
  assert.equal(kinds(m), ['Conv2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense']);
  const conf = m.layers.map((l) => l.getConfig());
  assert.equal([conf[0].filters, conf[1].filters, conf[4].units, conf[5].units], [32, 64, 128, 10]);
  assert.equal([conf[0].activation, conf[1].activation, conf[4].activation, conf[5].activation], ['relu', 'relu', 'relu', 'softmax']);
  assert.equal(conf[0].batchInputShape ?? conf[0].inputShape, conf[0].batchInputShape ? [null, 28, 28, 1] : [28, 28, 1]);
  m.dispose();
});

test('every strategy reaches the CNN: dropout after the pooling and the hidden dense, batch norm and L1/L2 on the conv blocks, augmentation in front', () => {
  const drop = built({ ...cnnBase, dropout: 0.25 });
  assert.equal(kinds(drop), ['Conv2D', 'Conv2D', 'MaxPooling2D', 'Dropout', 'Flatten', 'Dense', 'Dropout', 'Dense']);
  drop.dispose();
  const bn = built({ ...cnnBase, batchNorm: true, activation: 'tanh' });
  assert.equal(kinds(bn), ['Conv2D', 'BatchNormalization', 'Activation', 'Conv2D', 'BatchNormalization', 'Activation', 'MaxPooling2D', 'Flatten', 'Dense', 'BatchNormalization', 'Activation', 'Dense']);
  assert.is(bn.layers[0].getConfig().useBias, false, 'the batch norm beta replaces the bias');
  assert.ok(bn.layers.filter((l) => l.className === 'Activation').every((l) => l.getConfig().activation === 'tanh'));
  bn.dispose();
  const reg = built({ ...cnnBase, l2: 1e-3 });
  const kernels = reg.layers.filter((l) => l.className === 'Conv2D' || l.className === 'Dense').map((l) => JSON.stringify(l.getConfig().kernelRegularizer));
  assert.is(kernels.length, 4);
  for (const k of kernels) assert.match(k, /"l2":0\.001/, 'conv and dense kernels carry the penalty');
  reg.dispose();
  const aug = built({ ...cnnBase, augment: 'flip' });
  assert.equal(kinds(aug).slice(0, 5), ['RandomRotation', 'RandomTranslation', 'RandomZoom', 'RandomFlip', 'Conv2D']);
  aug.dispose();
});

test('the code the report prints builds the same layers as the study', () => {
  const configs: RunConfig[] = [
    cnnBase,
    { ...cnnBase, dropout: 0.5, l1: 1e-5, l2: 1e-4, batchNorm: true, activation: 'gelu', augment: true },
    { ...cnnBase, augment: 'flip', model: { family: 'cnn', filters: [4, 4, 8], kernelSize: 5, poolSize: 1, hidden: [] } },
    { ...baselineConfig({ family: 'mlp', hidden: [64, 32] }, 1), dropout: 0.2, batchNorm: true, augment: true },
  ];
  const names = Object.keys(simdnet).filter((k) => typeof (simdnet as Record<string, unknown>)[k] === 'function');
  const factories = names.map((k) => (simdnet as Record<string, unknown>)[k]);
  const strip = (m: Sequential) => m.layers.map((l) => ({ ...l.getConfig(), name: undefined, seed: undefined }));
  for (const c of configs) {
    const lines = layerCode(c, 'image', [28, 28, 1], head);
    const layers = new Function(...names, `return [${lines.join('\n')}];`)(...factories);
    const pasted = simdnet.sequential({ layers, seed: 1 });
    const ours = buildModel(c, 'image', [28, 28, 1], head, 1);
    assert.equal(strip(pasted), strip(ours), lines.join('\n'));
  }
});

test.run();
