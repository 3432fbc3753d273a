// Evidence for text augmentation (issue: "spam vs ham with 500 training e-mails, EDA on and off,
// several seeds"). For each seed: draw 500 training e-mails from the SpamAssassin corpus (the other
// 5,546 are the test set), vectorize with TF-IDF over a vocabulary adapted on the training texts,
// train the same small dense model with and without EDA (Wei & Zou's setting for N=500: alpha 0.05,
// 16 augmented copies per e-mail), and report test accuracy mean ± std.
// Run: npm run build && node dist/examples/augment-text.js [--seeds 5] [--epochs 10] [--chars 1500] [--equal-steps] [--vocab-original]
import { ready, sequential, dense, dropout, tensor, Rng } from '../src/index.js';
import { spamAssassin, type Email } from '../src/data/spamAssassin.js';
import { augmentTexts, textVectorization } from '../src/augment/text/index.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SEEDS = arg('seeds', 5);
const EPOCHS = arg('epochs', 10);
const CHARS = arg('chars', 1500); // e-mail bodies cut to this many characters (EDA targets sentences)
const TRAIN = 500;

await ready();
const mails = spamAssassin({ maxChars: CHARS });

async function run(train: Email[], test: Email[], augment: boolean, seed: number): Promise<number> {
  const originals = train.map((m) => m.text);
  let texts = originals;
  let labels = train.map((m) => m.label as number);
  if (augment) ({ texts, labels } = augmentTexts(texts, labels, { alphaSr: 0.05, alphaRi: 0.05, alphaRs: 0.05, pRd: 0.05, numAug: 16, seed }));
  // --vocab-original adapts the vocabulary (and idf) on the original e-mails only, so EDA's new words
  // map to OOV instead of pushing real words out of the 5,000-token vocabulary.
  const vec = textVectorization({ maxTokens: 5000, outputMode: 'tf_idf' }).adapt(process.argv.includes('--vocab-original') ? originals : texts);
  const x = vec.vectorize(texts);
  const width = x.shape[1];
  const model = sequential({ seed, layers: [dense({ units: 64, activation: 'relu', inputShape: [width] }), dropout({ rate: 0.5 }), dense({ units: 1, activation: 'sigmoid' })] });
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  // Same epochs for both arms (the augmented set is 17x larger, so it gets 17x the steps);
  // --equal-steps gives the augmented arm EPOCHS/17 epochs instead (rounded, at least 1).
  const epochs = augment && process.argv.includes('--equal-steps') ? Math.max(1, Math.round(EPOCHS / 17)) : EPOCHS;
  await model.fit(x, tensor(Float32Array.from(labels), [labels.length, 1]), { epochs, batchSize: 32, seed, verbose: 0 });
  const xt = vec.vectorize(test.map((m) => m.text));
  const logs = model.evaluate(xt, tensor(Float32Array.from(test.map((m) => m.label)), [test.length, 1]), { batchSize: 512 });
  model.dispose();
  return logs.accuracy;
}

const stats = (a: number[]) => {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, a.length - 1));
  return `${(100 * mean).toFixed(2)}% ± ${(100 * std).toFixed(2)}`;
};
const plain: number[] = [];
const eda: number[] = [];
console.log(`SpamAssassin, ${TRAIN} training e-mails, ${mails.length - TRAIN} test, bodies cut to ${CHARS} chars, ${EPOCHS} epochs${process.argv.includes('--equal-steps') ? ' (equal steps)' : ''}${process.argv.includes('--vocab-original') ? ', vocabulary from original e-mails' : ''}`);
for (let seed = 1; seed <= SEEDS; seed++) {
  const order = new Rng(seed).shuffle([...mails.keys()]);
  const train = order.slice(0, TRAIN).map((i) => mails[i]);
  const test = order.slice(TRAIN).map((i) => mails[i]);
  const t0 = performance.now();
  plain.push(await run(train, test, false, seed));
  eda.push(await run(train, test, true, seed));
  console.log(`seed ${seed}: without EDA ${(100 * plain.at(-1)!).toFixed(2)}%, with EDA ${(100 * eda.at(-1)!).toFixed(2)}% (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`\nwithout EDA: ${stats(plain)}\nwith EDA:    ${stats(eda)}   (test accuracy, mean ± std over ${SEEDS} seeds)`);
