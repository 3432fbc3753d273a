// Through the front door (the package entry, as a user imports it): textVectorization's 'int' output
// (Int32 [n, outputSequenceLength], 0 = padding, 1 = [UNK], as Keras's TextVectorization /
// StringLookup) feeds embedding -> conv1d -> globalMaxPooling1d -> dense directly, on a fresh model,
// and the CNN learns a task that needs word order: a text is positive when "not" comes right before
// "good" (both classes hold "not", "good" and "bad" once each; the same bag of words, so only order tells).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ready, sequential, embedding, conv1d, globalMaxPooling1d, dense, adam, tensor, Rng } from 'simdnet';
import { textVectorization } from 'simdnet/text';

const WORDS = ['the', 'film', 'was', 'plot', 'acting', 'very', 'quite', 'and', 'but', 'so'];

function corpus(n: number, seed: number): { texts: string[]; labels: number[] } {
  const rng = new Rng(seed);
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 3 + rng.int(4) }, () => WORDS[rng.int(WORDS.length)]);
    const positive = i % 2 === 0;
    // Both classes hold "not", "good" and "bad"; only the positives have "not good" adjacent.
    const parts = positive ? ['not', 'good', 'bad'] : ['good', rng.int(2) ? 'not' : 'and', 'bad', 'not'];
    words.splice(rng.int(words.length + 1), 0, ...parts);
    texts.push(words.join(' '));
    labels.push(positive ? 1 : 0);
  }
  return { texts, labels };
}

test('textVectorization int -> embedding -> conv1d -> globalMaxPooling1d -> dense learns word order', async () => {
  await ready();
  const train = corpus(240, 1);
  const heldOut = corpus(80, 2);
  const vec = textVectorization({ outputMode: 'int', outputSequenceLength: 12 }).adapt(train.texts);
  const x = vec.vectorize(train.texts);
  assert.ok(x.data instanceof Int32Array, 'int mode gives Int32 ids');
  assert.equal(x.shape, [240, 12]);
  assert.equal(Array.from(vec.vectorize(['not zebra']).data).slice(0, 3), [vec.getVocabulary().indexOf('not'), 1, 0], 'OOV 1, padding 0');
  const model = sequential({
    seed: 3,
    layers: [
      embedding({ inputDim: vec.vocabularySize, outputDim: 8, inputShape: [12] }),
      conv1d({ filters: 16, kernelSize: 2, activation: 'relu' }),
      globalMaxPooling1d(),
      dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const y = tensor(Float32Array.from(train.labels), [240, 1]);
  const before = model.evaluate(vec.vectorize(heldOut.texts), tensor(Float32Array.from(heldOut.labels), [80, 1])).accuracy;
  await model.fit(x, y, { epochs: 40, batchSize: 16, seed: 4, verbose: 0 });
  const after = model.evaluate(vec.vectorize(heldOut.texts), tensor(Float32Array.from(heldOut.labels), [80, 1])).accuracy;
  assert.ok(before <= 0.75, `untrained accuracy ${before}`);
  assert.ok(after >= 0.95, `held-out accuracy ${after} (before training ${before})`);
  model.dispose();
});

test.run();
