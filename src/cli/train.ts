// `simdnet train` (and `npm start`): the Keras mnist_mlp recipe (or, with --model cnn, mnist_cnn) on the real MNIST, with a progress
// bar per epoch, the test set as validation data (as the Keras example), a final summary (test
// accuracy, time per epoch, throughput) and a self-contained HTML report of the learning curves.
// Every choice of the recipe can be changed from the command line; see USAGE.
import { parseArgs } from 'node:util';
import type { Callback, Logs, Schedule } from '../callbacks/callback.js';
import type { Tensor } from '../tensor.js';
import { earlyStopping } from '../callbacks/earlyStopping.js';
import { reduceLROnPlateau } from '../callbacks/reduceLROnPlateau.js';
import { csvLogger } from '../callbacks/csvLogger.js';
import { modelCheckpoint } from '../callbacks/modelCheckpoint.js';
import { formatSeconds } from '../callbacks/progressBar.js';
import { exponentialDecay, stepDecay, cosineDecay, oneCycle } from '../schedules/index.js';
import { mnist } from '../data/mnist.js';
import { oneHot } from '../data/oneHot.js';
import { sliceRows } from '../data/toTensor.js';
import { writeReport } from '../report/html.js';
import { mnistMlp, mnistCnn, makeOptimizer, recipeDefaults, OPTIMIZER_CHOICES, RECIPES, type OptimizerName, type RecipeName } from './recipe.js';
import { SimdnetError, ValidationError } from '../errors.js';

export const USAGE = `Usage: simdnet train [options]

Trains a Keras MNIST recipe (the test set is the validation data) and writes an HTML report
with the learning curves:
  --model mlp (default)  mnist_mlp: 784-512-512-10, relu, dropout 0.2, softmax, RMSprop 1e-3,
                         categorical cross-entropy, batch 128, 20 epochs (Keras: 98.40%)
  --model cnn            mnist_cnn: conv2d(32,3,relu) -> conv2d(64,3,relu) -> maxPooling2d(2) ->
                         dropout(0.25) -> flatten -> dense(128,relu) -> dropout(0.5) ->
                         dense(10,softmax), batch 128, 12 epochs, with Adam lr 1e-3 and cosine
                         decay to 0 (Keras's example used Adadelta; its "99.25%" was measured on
                         the example's 2015 network, conv 32/32, not this one). Measured:
                         99.24%, 99.26%, 99.28% after 12 epochs (seeds 1-3). --optimizer adadelta
                         runs Keras 2's Adadelta() (lr 1.0, no schedule): 99.16%, 99.04%,
                         99.22% (seeds 1-3; 99.14% mean), below the 99.2% target

Options:
  --model NAME          mlp or cnn (default mlp)
  --epochs N            epochs (default 20 for mlp, 12 for cnn)
  --batch-size N        batch size (default 128)
  --optimizer NAME      ${OPTIMIZER_CHOICES.join(', ')} (default rmsprop for mlp, adam for cnn)
  --lr X                learning rate, or the schedule's peak (default: the recipe's, 1e-3 for
                        mlp and cnn; with another --optimizer, its Keras 3 default, except
                        adadelta for cnn: 1.0, Keras 2's)
  --schedule NAME       none, exponential (x0.9 per epoch), step (x0.5 every 10 epochs),
                        cosine (to 0 over the run), onecycle (PyTorch OneCycleLR, peak --lr;
                        cycles momentum/beta1 except for adagrad and adadelta),
                        plateau (ReduceLROnPlateau on val_loss, patience 2) (default
                        cosine for cnn with adam, none otherwise)
  --warmup-epochs N     linear warmup before cosine decay (default 0)
  --early-stopping N    stop after N epochs without val_loss improvement, restoring the
                        best weights (default 0: off)
  --hidden A,B,...      mlp: hidden layer widths (default 512,512)
  --dropout X           mlp: dropout rate after each hidden layer (default 0.2)
  --batch-norm          mlp: batch normalization after each hidden dense layer
  --seed N              seed of initialisation, shuffling and dropout (default 1)
  --limit N             train on the first N training images only (quick runs)
  --report PATH         HTML report path (default simdnet-report.html)
  --no-report           do not write a report
  --csv PATH            also log epochs to a CSV file
  --checkpoint DIR      save the best model (val_loss) to DIR
  --verbose N           0 silent, 1 progress bar, 2 one line per epoch (default 1)
  -h, --help            show this help
`;

const OPTIONS = {
  model: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' }, optimizer: { type: 'string' },
  lr: { type: 'string' }, schedule: { type: 'string' }, 'warmup-epochs': { type: 'string' },
  'early-stopping': { type: 'string' }, hidden: { type: 'string' }, dropout: { type: 'string' },
  'batch-norm': { type: 'boolean' }, seed: { type: 'string' }, limit: { type: 'string' },
  report: { type: 'string' }, 'no-report': { type: 'boolean' }, csv: { type: 'string' },
  checkpoint: { type: 'string' }, verbose: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

export interface TrainResult {
  testAccuracy: number;
  testLoss: number;
  epochs: number;
  secondsPerEpoch: number;
  samplesPerSecond: number;
  history: Record<string, number[]>;
  reportPath: string | null;
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const stdio: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Runs `simdnet train argv...`; returns the process exit code (0 ok, 1 failure, 2 bad usage). */
export async function runTrainCli(argv: string[], io: Io = stdio): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (e) {
    io.err(`simdnet train: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    await train(args, io);
    return 0;
  } catch (e) {
    if (e instanceof ValidationError && e.fn === 'simdnet train') {
      io.err(`${e.message}\n\nRun 'simdnet train --help' for the options.`);
      return 2;
    }
    io.err(e instanceof SimdnetError ? `simdnet train failed: ${e.message}` : `simdnet train failed: ${(e as Error).stack ?? e}`);
    return 1;
  }
}

type Args = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

function int(args: Args, key: keyof Args, dflt: number, min: number): number {
  const raw = args[key];
  if (raw === undefined) return dflt;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new ValidationError('simdnet train', `--${key}`, `an integer >= ${min}`, raw);
  return v;
}

function num(args: Args, key: keyof Args, dflt: number, min: number, max: number): number {
  const raw = args[key];
  if (raw === undefined) return dflt;
  const v = Number(raw);
  if (raw === '' || !Number.isFinite(v) || v < min || v > max) throw new ValidationError('simdnet train', `--${key}`, `a number in [${min}, ${max}]`, raw);
  return v;
}

export async function train(args: Args, io: Io = stdio): Promise<TrainResult> {
  const fn = 'simdnet train';
  const recipeName = (args.model ?? 'mlp') as RecipeName;
  if (!(recipeName in RECIPES)) throw new ValidationError(fn, '--model', 'mlp or cnn', args.model);
  const recipe = RECIPES[recipeName];
  const cnn = recipeName === 'cnn';
  if (cnn) {
    for (const key of ['hidden', 'dropout', 'batch-norm'] as const) if (args[key] !== undefined) throw new ValidationError(fn, `--${key}`, 'left out with --model cnn (it shapes the mlp only)', args[key]);
  }
  const epochs = int(args, 'epochs', recipe.epochs, 1);
  const batchSize = int(args, 'batch-size', 128, 1);
  const seed = int(args, 'seed', 1, 0);
  const verbose = int(args, 'verbose', 1, 0);
  if (verbose > 2) throw new ValidationError(fn, '--verbose', '0, 1 or 2', args.verbose);
  const optName = (args.optimizer ?? recipe.optimizer) as OptimizerName;
  if (!OPTIMIZER_CHOICES.includes(optName)) throw new ValidationError(fn, '--optimizer', `one of ${OPTIMIZER_CHOICES.join(', ')}`, optName);
  const defaults = recipeDefaults(recipe, optName);
  const lr = num(args, 'lr', defaults.learningRate, 0, 10);
  const hidden = (args.hidden ?? '512,512').split(',').map((s) => Number(s));
  if (hidden.some((h) => !Number.isInteger(h) || h < 1)) throw new ValidationError(fn, '--hidden', 'comma-separated integers >= 1', args.hidden);
  const rate = num(args, 'dropout', 0.2, 0, 0.99);
  const patience = int(args, 'early-stopping', 0, 0);

  const t0 = performance.now();
  const data = await mnist();
  const limit = Math.min(int(args, 'limit', data.train.x.shape[0], 1), data.train.x.shape[0]);
  // mnist_cnn takes [28, 28, 1] images: the same row-major data under an image shape.
  const images = (t: Tensor<Float32Array>): Tensor<Float32Array> => (cnn ? { data: t.data, shape: [t.shape[0], 28, 28, 1] } : t);
  const xTrain = images(sliceRows(data.train.x, 0, limit));
  const yTrain = oneHot(sliceRows(data.train.y, 0, limit), 10);
  const xTest = images(data.test.x);
  const yTest = oneHot(data.test.y, 10);
  const stepsPerEpoch = Math.ceil(limit / batchSize);

  const scheduleName = args.schedule ?? defaults.schedule;
  const callbacks: Callback[] = [];
  let learningRate: number | Schedule = lr;
  switch (scheduleName) {
    case 'none': break;
    case 'exponential': learningRate = exponentialDecay({ initialLearningRate: lr, decaySteps: stepsPerEpoch, decayRate: 0.9 }); break;
    case 'step': learningRate = stepDecay({ initialLearningRate: lr, drop: 0.5, epochsDrop: 10, stepsPerEpoch }); break;
    case 'cosine': {
      const warmup = int(args, 'warmup-epochs', 0, 0) * stepsPerEpoch;
      learningRate = warmup > 0
        ? cosineDecay({ initialLearningRate: 0, warmupTarget: lr, warmupSteps: warmup, decaySteps: Math.max(1, epochs * stepsPerEpoch - warmup) })
        : cosineDecay({ initialLearningRate: lr, decaySteps: epochs * stepsPerEpoch });
      break;
    }
    case 'onecycle': {
      // adagrad and adadelta have no momentum term to cycle (they refuse a cycling schedule).
      const cycleMomentum = optName !== 'adagrad' && optName !== 'adadelta';
      learningRate = oneCycle({ maxLearningRate: lr, totalSteps: epochs * stepsPerEpoch, cycleMomentum });
      break;
    }
    case 'plateau': callbacks.push(reduceLROnPlateau({ monitor: 'val_loss', patience: 2, verbose: 1 })); break;
    default: throw new ValidationError(fn, '--schedule', 'one of none, exponential, step, cosine, onecycle, plateau', scheduleName);
  }
  if (patience > 0) callbacks.push(earlyStopping({ monitor: 'val_loss', patience, restoreBestWeights: true, verbose: 1 }));
  if (args.csv) callbacks.push(csvLogger({ filename: args.csv }));
  if (args.checkpoint) callbacks.push(modelCheckpoint({ filepath: args.checkpoint, monitor: 'val_loss', saveBestOnly: true }));
  const timer = epochTimer();
  const model = cnn ? mnistCnn({ seed }) : mnistMlp({ hidden, dropout: rate, batchNorm: args['batch-norm'] ?? false, seed });
  const architecture = cnn ? '28x28x1-conv32-conv64-maxpool2-dropout0.25-dense128-dropout0.5-10' : [784, ...hidden, 10].join('-');
  // The learning rate at the start of each epoch, logged before History records the epoch (Keras 3
  // logs 'learning_rate' the same way from its LR callbacks).
  let epochLr = 0;
  const lrAtBegin: Callback = { onEpochBegin: () => void (epochLr = model.learningRate), onEpochEnd: (_e: number, logs: Logs) => void (logs.learning_rate = epochLr) };
  model.compile({ optimizer: makeOptimizer(optName, learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const setup = (performance.now() - t0) / 1000;
  if (verbose > 0) {
    io.out(`simdnet ${recipe.title}: ${limit} training / ${xTest.shape[0]} test images, ${architecture}${args['batch-norm'] ? ' with batch norm' : ''}, ` +
      `${cnn ? '' : `dropout ${rate}, `}${optName} lr ${lr}${scheduleName !== 'none' ? ` (${scheduleName})` : ''}, batch ${batchSize}, ${plural(epochs, 'epoch')}, seed ${seed} (data loaded in ${setup.toFixed(1)} s)`);
  }
  const history = await model.fit(xTrain, yTrain, {
    epochs, batchSize, seed, verbose: verbose as 0 | 1 | 2,
    validationData: [xTest, yTest],
    callbacks: [lrAtBegin, timer, ...callbacks],
  });
  const test = model.evaluate(xTest, yTest, { batchSize: 1000 });
  const ran = history.epoch.length;
  const secondsPerEpoch = timer.seconds.reduce((a, b) => a + b, 0) / Math.max(1, timer.seconds.length);
  const samplesPerSecond = limit / (timer.trainSeconds.reduce((a, b) => a + b, 0) / Math.max(1, timer.trainSeconds.length));
  const summary = {
    'test accuracy': `${(test.accuracy * 100).toFixed(2)}%`,
    'test loss': test.loss.toFixed(4),
    'epochs run': `${ran} of ${epochs}`,
    'time per epoch': `${secondsPerEpoch.toFixed(2)} s (training + validation)`,
    'training throughput': `${Math.round(samplesPerSecond)} samples/s`,
    'total time': formatSeconds((performance.now() - t0) / 1000),
  };
  let reportPath: string | null = null;
  if (!args['no-report']) {
    reportPath = args.report ?? 'simdnet-report.html';
    await writeReport(reportPath, {
      title: `simdnet: MNIST ${recipe.title}`,
      history: history.history,
      epochs: history.epoch,
      summary,
      config: {
        model: recipe.title, architecture, ...(cnn ? {} : { 'batch norm': args['batch-norm'] ?? false, dropout: rate }),
        optimizer: optName, 'learning rate': lr, schedule: scheduleName, 'batch size': batchSize, epochs,
        'early stopping patience': patience, seed, 'training samples': limit,
      },
    });
  }
  if (verbose > 0) {
    io.out(`\nTest accuracy ${summary['test accuracy']} (loss ${summary['test loss']}) after ${plural(ran, 'epoch')}; ` +
      `${secondsPerEpoch.toFixed(2)} s per epoch, ${summary['training throughput']} while training; total ${summary['total time']}.`);
    if (reportPath) io.out(`Report: ${reportPath}`);
  }
  model.dispose();
  return { testAccuracy: test.accuracy, testLoss: test.loss, epochs: ran, secondsPerEpoch, samplesPerSecond, history: history.history, reportPath };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Wall time per epoch (onEpochBegin to onEpochEnd, validation included) and per training pass. */
function epochTimer(): Callback & { seconds: number[]; trainSeconds: number[] } {
  let t = 0;
  let lastBatch = 0;
  const seconds: number[] = [];
  const trainSeconds: number[] = [];
  return {
    seconds,
    trainSeconds,
    onEpochBegin: () => void (t = lastBatch = performance.now()),
    onBatchEnd: () => void (lastBatch = performance.now()),
    onEpochEnd: () => {
      const now = performance.now();
      seconds.push((now - t) / 1000);
      trainSeconds.push((lastBatch - t) / 1000);
    },
  };
}
