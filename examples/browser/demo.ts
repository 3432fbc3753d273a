// The browser demo (examples/browser/index.html, served by `npm run demo`): trains an MLP on an
// MNIST subset in the page and draws the training loss after every batch live with uPlot. State for tests
// and the curious is in `window.demo` (tests/runtimes/demo.test.ts drives it in Chromium).
import uPlot from 'uplot';
import { ready, parseIdx, sequential, dense, adam, oneHot, tensor, lambdaCallback } from '../../src/index.js';

const N_TRAIN = 10000;
const N_TEST = 1000;
const EPOCHS = 5;
const BATCH = 64;

interface DemoState {
  state: 'loading' | 'training' | 'done' | 'error';
  build?: string;
  loadedBy?: string;
  /** Threads training uses: all cores when the page is cross-origin isolated (serve.ts sends COOP/COEP), else 1. */
  threads?: number;
  steps: number;
  losses: number[];
  testAccuracy: number[];
  msPerStep?: number;
  error?: string;
}
const demo: DemoState = { state: 'loading', steps: 0, losses: [], testAccuracy: [] };
(window as unknown as { demo: DemoState }).demo = demo;

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const status = (text: string) => ($('status').textContent = text);
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

async function fetchIdx(name: string, n: number, magic: number) {
  const res = await fetch(`/mnist/${name}.idx?n=${n}`);
  if (!res.ok) throw new Error(`GET /mnist/${name}.idx: HTTP ${res.status} (is this page served by \`npm run demo\`?)`);
  return parseIdx(new Uint8Array(await res.arrayBuffer()), magic, name);
}

async function loadSplit(split: 'train' | 'test', n: number) {
  const [images, labels] = await Promise.all([fetchIdx(`${split}-images`, n, 2051), fetchIdx(`${split}-labels`, n, 2049)]);
  const count = images.dims[0];
  const x = new Float32Array(count * 784);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  return { x: tensor(x, [count, 784]), y: Int32Array.from(labels.data), pixels: images.data };
}

function makeChart(): uPlot {
  return new uPlot(
    {
      width: Math.min(820, window.innerWidth - 40),
      height: 260,
      title: 'training loss (running mean over each epoch, as Keras reports it per batch)',
      scales: { x: { time: false } },
      axes: [{ label: 'step' }, { label: 'loss' }],
      series: [{ label: 'step' }, { label: 'loss', stroke: '#2a6fdb', width: 1.5 }],
    },
    [[], []],
    $('chart'),
  );
}

function showDigits(pixels: Uint8Array, labels: Int32Array, probs: Float32Array): void {
  const box = $('digits');
  box.replaceChildren();
  for (let i = 0; i < 16; i++) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 28;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    const img = ctx.createImageData(28, 28);
    for (let p = 0; p < 784; p++) {
      const v = 255 - pixels[i * 784 + p];
      img.data.set([v, v, v, 255], p * 4);
    }
    ctx.putImageData(img, 0, 0);
    const row = probs.subarray(i * 10, i * 10 + 10);
    const guess = row.indexOf(Math.max(...row));
    const fig = document.createElement('figure');
    const cap = document.createElement('figcaption');
    cap.textContent = `${guess}`;
    if (guess !== labels[i]) cap.className = 'wrong';
    fig.append(canvas, cap);
    box.append(fig);
  }
}

async function train(chart: uPlot, data: { train: Awaited<ReturnType<typeof loadSplit>>; test: Awaited<ReturnType<typeof loadSplit>> }) {
  demo.state = 'training';
  demo.steps = 0;
  demo.losses = [];
  demo.testAccuracy = [];
  const steps: number[] = [];
  const model = sequential({
    seed: 1,
    layers: [dense({ units: 128, activation: 'relu', inputShape: [784] }), dense({ units: 64, activation: 'relu' }), dense({ units: 10, activation: 'softmax' })],
  });
  model.compile({ optimizer: adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const yTrain = oneHot(data.train.y, 10);
  const yTest = oneHot(data.test.y, 10);
  const t0 = performance.now();
  let trainMs = 0;
  let last = t0;
  const callback = lambdaCallback({
    onBatchEnd: async (_batch, logs) => {
      demo.steps++;
      demo.losses.push(logs.loss as number);
      steps.push(demo.steps);
      if (demo.steps % 8 === 0) {
        trainMs += performance.now() - last;
        chart.setData([steps, demo.losses]);
        status(`${demo.build} build · epoch ${demo.testAccuracy.length + 1}/${EPOCHS} · step ${demo.steps} · loss ${(logs.loss as number).toFixed(4)}`);
        await nextFrame(); // let the page paint the chart
        last = performance.now();
      }
    },
    onEpochEnd: () => {
      demo.testAccuracy.push(model.evaluate(data.test.x, yTest).accuracy as number);
    },
  });
  try {
    await model.fit(data.train.x, yTrain, { batchSize: BATCH, epochs: EPOCHS, seed: 2, verbose: 0, callbacks: [callback] });
    trainMs += performance.now() - last;
    chart.setData([steps, demo.losses]);
    demo.msPerStep = trainMs / demo.steps;
    showDigits(data.test.pixels, data.test.y, model.predict(tensor(data.test.x.data.subarray(0, 16 * 784), [16, 784])).data as Float32Array);
    const acc = demo.testAccuracy.map((a) => `${(100 * a).toFixed(1)}%`).join(' → ');
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    status(`${demo.build} build (loaded by ${demo.loadedBy}) on ${demo.threads} thread(s) · ${demo.steps} steps of ${BATCH} in ${seconds} s · ${demo.msPerStep.toFixed(2)} ms/step\ntest accuracy per epoch: ${acc}`);
    demo.state = 'done';
  } finally {
    model.dispose();
  }
}

async function main(): Promise<void> {
  const m = await ready();
  demo.build = m.build;
  demo.loadedBy = m.loadedBy;
  demo.threads = m.pool?.threads ?? 1;
  status(`wasm: ${m.build} build on ${demo.threads} thread(s) · loading the MNIST subset…`);
  const [trainSplit, testSplit] = await Promise.all([loadSplit('train', N_TRAIN), loadSplit('test', N_TEST)]);
  $('ntrain').textContent = String(trainSplit.y.length);
  $('ntest').textContent = String(testSplit.y.length);
  const data = { train: trainSplit, test: testSplit };
  const chart = makeChart();
  const button = $('again') as HTMLButtonElement;
  button.onclick = () => {
    button.disabled = true;
    train(chart, data).catch(fail).finally(() => (button.disabled = false));
  };
  await train(chart, data);
  button.disabled = false;
}

function fail(e: unknown): void {
  demo.state = 'error';
  demo.error = String((e as Error)?.stack ?? e);
  status(`error: ${demo.error}`);
  console.error(e);
}

main().catch(fail);
