// `simdnet train`: usage and argument errors (exit 2), and short real runs on a slice of MNIST:
// the summary, the report and CSV files, and identical losses for identical seeds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTrainCli, train } from '../../src/cli/train.js';
import { main, version } from '../../src/cli/main.js';
import { RECIPES, recipeDefaults } from '../../src/cli/recipe.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-cli-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function capture(): { out: string[]; err: string[]; io: { out: (l: string) => void; err: (l: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

test('--help prints the usage; bad options exit 2 naming the option', async () => {
  const c = capture();
  assert.is(await runTrainCli(['--help'], c.io), 0);
  assert.match(c.out.join('\n'), /Usage: simdnet train/);
  assert.match(c.out.join('\n'), /--early-stopping N/);
  const cases: [string[], RegExp][] = [
    [['--epochz', '3'], /Unknown option '--epochz'/],
    [['--optimizer', 'adamm'], /'--optimizer' must be one of sgd, rmsprop/],
    [['--lr', 'fast'], /'--lr' must be a number/],
    [['--epochs', '1.5'], /'--epochs' must be an integer >= 1/],
    [['--schedule', 'linear', '--epochs', '1', '--limit', '10', '--no-report', '--verbose', '0'], /'--schedule' must be one of/],
    [['--hidden', '512,x'], /'--hidden'/],
  ];
  for (const [argv, pattern] of cases) {
    const e = capture();
    assert.is(await runTrainCli(argv, e.io), 2, argv.join(' '));
    assert.match(e.err.join('\n'), pattern);
  }
  const log = console.error;
  console.error = () => undefined;
  try {
    assert.is(await main(['fly']), 2);
  } finally {
    console.error = log;
  }
});

test('simdnet --version and -v print the package.json version and exit 0', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.is(version(), pkg.version);
  const log = console.log;
  const printed: string[] = [];
  console.log = (l: string) => printed.push(l);
  try {
    assert.is(await main(['--version']), 0);
    assert.is(await main(['-v']), 0);
  } finally {
    console.log = log;
  }
  assert.equal(printed, [pkg.version, pkg.version]);
});

test('a short run trains, evaluates on the test set, writes the report and CSV', async () => {
  const report = join(dir, 'r.html');
  const csv = join(dir, 'log.csv');
  const c = capture();
  const code = await runTrainCli(['--epochs', '2', '--limit', '3000', '--report', report, '--csv', csv, '--seed', '3', '--schedule', 'cosine', '--verbose', '2'], c.io);
  assert.is(code, 0, c.err.join('\n'));
  const text = c.out.join('\n');
  assert.match(text, /^simdnet mnist_mlp: 3000 training \/ 10000 test images, 784-512-512-10/);
  const acc = Number(/Test accuracy ([\d.]+)%/.exec(text)![1]);
  assert.ok(acc > 85, `2 epochs on 3000 images should pass 85% test accuracy, got ${acc}%`);
  assert.match(text, /s per epoch, \d+ samples\/s while training/);
  const html = readFileSync(report, 'utf8');
  assert.match(html, /"val_accuracy":\[/);
  assert.match(html, /"learning_rate":\[0\.001,/);
  const rows = readFileSync(csv, 'utf8').trim().split('\n');
  assert.is(rows.length, 3);
  assert.match(rows[0], /^epoch,accuracy,learning_rate,loss,val_accuracy,val_loss$/);
});

test('the same seed gives identical losses; batch norm and early stopping run', async () => {
  const args = { epochs: '2', limit: '1000', seed: '5', 'no-report': true, verbose: '0', hidden: '64' } as const;
  const a = await train(args);
  const b = await train(args);
  assert.equal(a.history.loss, b.history.loss);
  assert.equal(a.history.val_loss, b.history.val_loss);
  const other = await train({ ...args, seed: '6' });
  assert.not.equal(other.history.loss, a.history.loss);
  // batch norm's moving statistics need a few hundred steps (momentum 0.99): 2 x 94 here
  const bn = await train({ ...args, limit: '3000', 'batch-size': '32', 'batch-norm': true, 'early-stopping': '1', optimizer: 'adam', lr: '0.003', schedule: 'onecycle' });
  assert.ok(bn.testAccuracy > 0.8, `batch norm run: ${bn.testAccuracy}`);
});

test('--model cnn: the help names the optimizer and schedule it trains with and how to run Keras 2\'s Adadelta; mlp-only options are refused; a short run trains the Keras mnist_cnn with adam under cosine decay, recipeDefaults gives --optimizer adadelta lr 1.0 and no schedule', async () => {
  const h = capture();
  assert.is(await runTrainCli(['--help'], h.io), 0);
  assert.match(h.out.join('\n'), /--model cnn[\s\S]*Adam lr 1e-3 and cosine[\s\S]*--optimizer adadelta[\s\S]*Keras 2's Adadelta\(\) \(lr 1\.0, no schedule\)/);
  const e = capture();
  assert.is(await runTrainCli(['--model', 'cnn', '--hidden', '64'], e.io), 2);
  assert.match(e.err.join('\n'), /'--hidden' must be left out with --model cnn/);
  const bad = capture();
  assert.is(await runTrainCli(['--model', 'rnn'], bad.io), 2);
  assert.match(bad.err.join('\n'), /'--model' must be mlp or cnn/);
  const c = capture();
  const code = await runTrainCli(['--model', 'cnn', '--epochs', '1', '--limit', '1280', '--no-report', '--verbose', '2'], c.io);
  assert.is(code, 0, c.err.join('\n'));
  const text = c.out.join('\n');
  assert.match(text, /^simdnet mnist_cnn: 1280 training \/ 10000 test images, 28x28x1-conv32-conv64-maxpool2/);
  assert.match(text, /adam lr 0\.001 \(cosine\), batch 128, 1 epoch/);
  const acc = Number(/Test accuracy ([\d.]+)%/.exec(text)![1]);
  assert.ok(acc > 50, `ten steps on 1280 images should pass 50% test accuracy, got ${acc}%`);
  // What the header of the run would say for other optimizers, without a second run:
  assert.equal(recipeDefaults(RECIPES.cnn, 'adadelta'), { learningRate: 1.0, schedule: 'none' });
  assert.equal(recipeDefaults(RECIPES.cnn, 'rmsprop'), { learningRate: 1e-3, schedule: 'none' });
  assert.equal(recipeDefaults(RECIPES.mlp, 'rmsprop'), { learningRate: 1e-3, schedule: 'none' });
  assert.equal(recipeDefaults(RECIPES.mlp, 'sgd'), { learningRate: 0.01, schedule: 'none' });
});

test.run();
