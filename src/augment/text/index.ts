/**
 * Text augmentation and vectorization (`simdnet/text`, also exported from `simdnet`): EDA over
 * WordNet, back-translation, TextVectorization (docs/augmentation.md).
 * @module simdnet/text
 */
export { eda, synonymReplacement, randomInsertion, randomSwap, randomDeletion } from './eda.js';
export type { EdaOptions, Synonyms } from './eda.js';
export { backTranslate } from './backTranslate.js';
export type { Translator, BackTranslateOptions } from './backTranslate.js';
export { WordNet } from './wordnet.js';
export type { Synset, Pos, WordNetOptions } from './wordnet.js';
export { TextVectorization, textVectorization } from './vectorizer.js';
export type { TextVectorizationOptions, OutputMode } from './vectorizer.js';
export { augmentTexts, edaPerEpoch } from './augmentTexts.js';
export type { Labelled } from './augmentTexts.js';
export { STOP_WORDS } from './stopwords.js';
export { words } from './tokenize.js';
