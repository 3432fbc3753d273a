// EDA as a training-set transform, the way Wei & Zou use it: every training text is joined by
// numAug augmented copies with the same label (offline expansion), or, on the fly, each epoch draws a
// fresh augmented variant per text. Both are seeded.
import { Rng, randomSeed } from '../../rng.js';
import { ValidationError } from '../../errors.js';
import { eda, type EdaOptions } from './eda.js';

/** Texts with one label each (same length and order), as `augmentTexts` takes and returns them. */
export interface Labelled<L> {
  texts: string[];
  labels: L[];
}

/** Offline expansion: returns texts.length * (numAug + 1) texts, originals included, labels copied. */
export function augmentTexts<L>(texts: string[], labels: L[], options: EdaOptions = {}): Labelled<L> {
  if (!Array.isArray(texts) || !Array.isArray(labels) || texts.length !== labels.length) {
    throw new ValidationError('augmentTexts', 'labels', `an array as long as texts (${Array.isArray(texts) ? texts.length : '?'})`, labels);
  }
  const rng = new Rng(options.seed ?? randomSeed());
  const out: Labelled<L> = { texts: [], labels: [] };
  texts.forEach((t, i) => {
    for (const s of eda(t, { ...options, seed: rng.nextU32() })) {
      out.texts.push(s);
      out.labels.push(labels[i]);
    }
  });
  return out;
}

/**
 * On the fly: returns a function that, called once per epoch, gives each text a fresh EDA variant
 * (the original with probability 1 / (numAug + 1), as in the expanded set).
 */
export function edaPerEpoch(texts: string[], options: EdaOptions = {}): () => string[] {
  const rng = new Rng(options.seed ?? randomSeed());
  return () => texts.map((t) => {
    const variants = eda(t, { ...options, seed: rng.nextU32() });
    return variants[rng.int(variants.length)];
  });
}
