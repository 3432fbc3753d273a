// EDA on sequence models (issue 15, "The evidence"): Wei & Zou (2019) report EDA's gains for
// sentence classifiers built on word embeddings with a CNN and an RNN, so this puts EDA to that test
// on the short texts we have offline: SpamAssassin subject lines (spam vs ham).
// Protocol, per seed 1..S:
//   - subject lines of all 6,046 messages (RFC 822 'Subject:' header, folded lines joined), empty ones
//     dropped and exact duplicates removed (thread replies repeat subjects; a copy in both train and
//     test would be memorised, not classified); shuffled by the seed; the first --test (1,300) are the
//     test set, the rest the training pool; N = 500 takes the first 500 of the pool, N = full all of it;
//   - EDA (examples' augmentTexts, offline expansion) at Wei & Zou's Table 3 setting for the size:
//     N = 500 alpha 0.05 and 16 copies; N ≈ 2,000-3,000 alpha 0.05 and 8 copies (their 2,000 row);
//     --alpha / --naug override;
//   - textVectorization({outputMode: 'int', outputSequenceLength: 16}) adapted on the arm's training
//     texts (augmented ones included: that is what a user who augments and then adapts gets);
//   - the paper's CNN (their §3.2: conv1d of 128 filters of size 5, global max pool, dense 20 relu)
//     on a trainable embedding (--dim, default 32 wide; the paper uses fixed 300-d word2vec, which we
//     do not have offline), sigmoid output; or the LSTM (--model lstm: the same embedding, lstm 64,
//     one layer) when simdnet exports lstm;
//   - adam, batch 32, the same epochs for both arms (the augmented set gets (1 + naug)x the steps);
//     test accuracy on the held-out subjects.
// Run: npm run build && node dist/examples/augment-text-sequence.js [--model cnn|lstm] [--n 500|full]
//        [--seeds 5] [--epochs 10] [--test 1300] [--dim 32] [--alpha a --naug k]
import * as simdnet from '../src/index.js';
import { ready, sequential, embedding, conv1d, globalMaxPooling1d, dense, tensor, Rng, type Layer } from '../src/index.js';
import { spamAssassin } from '../src/data/spamAssassin.js';
import { augmentTexts, textVectorization } from '../src/augment/text/index.js';

const argv = process.argv;
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? argv[i + 1] : dflt;
};
const MODEL = opt('model', 'cnn');
const SIZE = opt('n', '500');
const SEEDS = Number(opt('seeds', '5'));
const EPOCHS = Number(opt('epochs', '10'));
const TEST = Number(opt('test', '1300'));
const LENGTH = 16; // tokens per subject: the 95th percentile is 11 words
const DIM = Number(opt('dim', '32'));

/** The Subject header of a raw message, folded continuation lines joined; '' if none. */
export function subjectLine(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0];
  const m = head.match(/^Subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im);
  return m ? m[1].replace(/\s+/g, ' ').trim() : '';
}

/** Wei & Zou Table 3: alpha and augmented copies per original for a training-set size. */
function paperSetting(n: number): { alpha: number; naug: number } {
  if (n <= 1000) return { alpha: 0.05, naug: 16 };
  if (n <= 3500) return { alpha: 0.05, naug: 8 };
  return { alpha: 0.1, naug: 4 };
}

function layers(vocab: number): Layer[] {
  const lstm = (simdnet as unknown as Record<string, unknown>).lstm as ((o: { units: number }) => Layer) | undefined;
  if (MODEL === 'lstm') {
    if (!lstm) throw new Error('this simdnet has no lstm layer yet (issue 15): run --model cnn');
    return [embedding({ inputDim: vocab, outputDim: DIM, inputShape: [LENGTH] }), lstm({ units: 64 }), dense({ units: 1, activation: 'sigmoid' })];
  }
  return [
    embedding({ inputDim: vocab, outputDim: DIM, inputShape: [LENGTH] }),
    conv1d({ filters: 128, kernelSize: 5, activation: 'relu' }),
    globalMaxPooling1d(),
    dense({ units: 20, activation: 'relu' }),
    dense({ units: 1, activation: 'sigmoid' }),
  ];
}

async function run(train: { text: string; label: number }[], test: { text: string; label: number }[], augment: { alpha: number; naug: number } | null, seed: number): Promise<number> {
  let texts = train.map((m) => m.text);
  let labels = train.map((m) => m.label);
  if (augment) {
    const a = augment.alpha;
    ({ texts, labels } = augmentTexts(texts, labels, { alphaSr: a, alphaRi: a, alphaRs: a, pRd: a, numAug: augment.naug, seed }));
  }
  const vec = textVectorization({ maxTokens: 20000, outputMode: 'int', outputSequenceLength: LENGTH }).adapt(texts);
  const model = sequential({ seed, layers: layers(vec.vocabularySize) });
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  await model.fit(vec.vectorize(texts), tensor(Float32Array.from(labels), [labels.length, 1]), { epochs: EPOCHS, batchSize: 32, seed, verbose: 0 });
  const logs = model.evaluate(vec.vectorize(test.map((m) => m.text)), tensor(Float32Array.from(test.map((m) => m.label)), [test.length, 1]), { batchSize: 512 });
  model.dispose();
  return logs.accuracy;
}

const stats = (a: number[]) => {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, a.length - 1));
  return `${(100 * mean).toFixed(2)}% ± ${(100 * std).toFixed(2)}`;
};

await ready();
const seen = new Set<string>();
const subjects: { text: string; label: number }[] = [];
for (const m of spamAssassin({ raw: true })) {
  const text = subjectLine(m.text);
  if (!text || seen.has(text)) continue;
  seen.add(text);
  subjects.push({ text, label: m.label });
}
const pool = subjects.length - TEST;
const n = SIZE === 'full' ? pool : Number(SIZE);
const setting = { ...paperSetting(n), ...(argv.includes('--alpha') ? { alpha: Number(opt('alpha', '0.1')) } : {}), ...(argv.includes('--naug') ? { naug: Number(opt('naug', '4')) } : {}) };
console.log(`SpamAssassin subject lines: ${subjects.length} unique, ${subjects.filter((s) => s.label).length} spam; model ${MODEL}, embedding ${DIM}; N = ${n} training, ${TEST} test; EDA alpha ${setting.alpha}, ${setting.naug} copies; ${EPOCHS} epochs, batch 32, adam; ${SEEDS} seeds`);
const plain: number[] = [];
const eda: number[] = [];
for (let seed = 1; seed <= SEEDS; seed++) {
  const order = new Rng(seed).shuffle([...subjects.keys()]);
  const test = order.slice(0, TEST).map((i) => subjects[i]);
  const train = order.slice(TEST, TEST + n).map((i) => subjects[i]);
  const t0 = performance.now();
  plain.push(await run(train, test, null, seed));
  eda.push(await run(train, test, setting, seed));
  console.log(`seed ${seed}: without EDA ${(100 * plain.at(-1)!).toFixed(2)}%, with EDA ${(100 * eda.at(-1)!).toFixed(2)}% (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`\nwithout EDA: ${stats(plain)}\nwith EDA:    ${stats(eda)}   (test accuracy, mean ± std over ${SEEDS} seeds)`);
