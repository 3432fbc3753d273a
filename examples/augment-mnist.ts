// Does image augmentation help when data is scarce? MNIST with 1,000 training images (the first 100
// of each digit in the training set), the full 10,000-image test set, and the same small MLP
// (flatten -> dense 256 relu -> dense 10 softmax, adam, batch 32, a fixed number of epochs, no early
// stopping) trained three ways, several seeds each:
//   none       no augmentation;
//   layers     randomRotation(±~11°) + randomTranslation(±10%) + randomZoom(±10%) inside the model;
//   generator  imageDataGenerator with the same ranges, fed to fitDataset.
// Digits are not flipped (a mirrored 2 is not a 2); the background is 0, so the fill is constant 0.
// With --model cnn the network is a small convnet instead, Keras 3's "Simple MNIST convnet"
// (keras.io/examples/vision/mnist_convnet: conv2d(32, 3, relu) -> maxPooling2d(2) -> conv2d(64, 3,
// relu) -> maxPooling2d(2) -> flatten -> dropout(0.5) -> dense(10, softmax)), same data, optimizer,
// batch and epochs, trained with and without the augmentation layers in front of the conv stack.
// Reports test accuracy mean ± sample std per arm and the wall time.
// Run: npm run build && node dist/examples/augment-mnist.js [--model mlp|cnn] [--seeds 5] [--epochs 40]
import {
  ready, datasets, sequential, dense, flatten, dropout, conv2d, maxPooling2d, tensor, randomRotation, randomTranslation, randomZoom, imageDataGenerator,
  type Layer,
} from '../src/index.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CNN = process.argv.includes('--model') && process.argv[process.argv.indexOf('--model') + 1] === 'cnn';
const SEEDS = arg('seeds', 5);
const EPOCHS = arg('epochs', 40);
const PER_CLASS = 100;
const ROTATION = 0.03; // fraction of a full turn: ±10.8 degrees
const SHIFT = 0.1;
const ZOOM = 0.1;

await ready();
const { train, test } = await datasets.mnist();
const labels = train.y.data;
const picked: number[] = [];
const count = new Array(10).fill(0);
for (let i = 0; i < labels.length && picked.length < 10 * PER_CLASS; i++) {
  if (count[labels[i]] < PER_CLASS) {
    count[labels[i]]++;
    picked.push(i);
  }
}
const xTrain = tensor(new Float32Array(picked.length * 784), [picked.length, 28, 28, 1]);
const yTrain = tensor(Int32Array.from(picked, (i) => labels[i]), [picked.length]);
picked.forEach((k, i) => xTrain.data.set(train.x.data.subarray(k * 784, (k + 1) * 784), i * 784));
const xTest = tensor(test.x.data, [test.x.shape[0], 28, 28, 1]);
const yTest = test.y;

type Arm = 'none' | 'layers' | 'generator';

async function run(arm: Arm, seed: number): Promise<number> {
  const augmentation: Layer[] =
    arm === 'layers'
      ? [
          randomRotation({ factor: ROTATION, fillMode: 'constant', inputShape: [28, 28, 1] }),
          randomTranslation({ heightFactor: SHIFT, widthFactor: SHIFT, fillMode: 'constant' }),
          randomZoom({ heightFactor: ZOOM, fillMode: 'constant' }),
        ]
      : [];
  const first = arm === 'layers' ? {} : { inputShape: [28, 28, 1] };
  const network: Layer[] = CNN
    ? [
        conv2d({ filters: 32, kernelSize: 3, activation: 'relu', ...first }), maxPooling2d({ poolSize: 2 }),
        conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }), maxPooling2d({ poolSize: 2 }),
        flatten(), dropout({ rate: 0.5 }), dense({ units: 10, activation: 'softmax' }),
      ]
    : [flatten(first), dense({ units: 256, activation: 'relu' }), dense({ units: 10, activation: 'softmax' })];
  const model = sequential({ seed, layers: [...augmentation, ...network] });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  if (arm === 'generator') {
    const gen = imageDataGenerator({ rotationRange: ROTATION * 360, widthShiftRange: SHIFT, heightShiftRange: SHIFT, zoomRange: ZOOM, fillMode: 'constant', seed });
    await model.fitDataset(gen.flow(xTrain, yTrain, { batchSize: 32, seed }), { epochs: EPOCHS, verbose: 0, seed });
  } else {
    await model.fit(xTrain, yTrain, { epochs: EPOCHS, batchSize: 32, verbose: 0, seed });
  }
  const acc = model.evaluate(xTest, yTest, { batchSize: 1000 }).accuracy as number;
  model.dispose();
  return acc;
}

// The CNN arm compares with and without the augmentation layers (the generator arm feeds the same transforms).
const arms: Arm[] = CNN ? ['none', 'layers'] : ['none', 'layers', 'generator'];
const results: Record<Arm, number[]> = { none: [], layers: [], generator: [] };
const seconds: Record<Arm, number> = { none: 0, layers: 0, generator: 0 };
const net = CNN ? 'CNN conv32-pool-conv64-pool-dropout0.5-10 (Keras mnist_convnet)' : 'MLP 784-256-10';
console.log(`MNIST, ${picked.length} training images (${PER_CLASS} per digit), 10,000 test images, ${net}, adam, batch 32, ${EPOCHS} epochs, seeds 1..${SEEDS}`);
for (let seed = 1; seed <= SEEDS; seed++) {
  for (const a of arms) {
    const t0 = performance.now();
    results[a].push(await run(a, seed));
    seconds[a] += (performance.now() - t0) / 1000;
  }
  console.log(`seed ${seed}: ${arms.map((a) => `${a} ${(100 * results[a][seed - 1]).toFixed(2)}%`).join(', ')}`);
}
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const std = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / Math.max(1, v.length - 1));
console.log('\n| augmentation | test accuracy (mean ± std) | seeds | seconds per run |');
console.log('|---|---|---|---|');
for (const a of arms) {
  console.log(`| ${a} | ${(100 * mean(results[a])).toFixed(2)}% ± ${(100 * std(results[a])).toFixed(2)} | ${SEEDS} | ${(seconds[a] / SEEDS).toFixed(1)} |`);
}
