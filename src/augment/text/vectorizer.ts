// Text vectorization with Keras TextVectorization semantics (keras.layers.TextVectorization):
// standardize ('lower_and_strip_punctuation' by default), split on whitespace, build a vocabulary
// with `adapt`, then map texts to
// - 'int': token indices, 0 = padding '', 1 = OOV '[UNK]', padded/truncated at the end to
//   outputSequenceLength (or the longest text of the call) -> Int32 [n, length];
// - 'multi_hot' | 'count' | 'tf_idf': one column per vocabulary entry, column 0 = OOV '[UNK]'
//   -> Float32 [n, vocabularySize]. tf_idf = count * idf with idf = log(1 + docs / (1 + df)) and the
//   OOV idf the mean of the others, as Keras's IndexLookup computes them.
// maxTokens counts the reserved entries, as in Keras. Vocabulary order: by frequency, ties broken
// alphabetically (Keras breaks ties by an unspecified order; we make it deterministic).
import { ValidationError, SimdnetError } from '../../errors.js';
import { checkInt, checkKeys, checkOneOf } from '../../validate.js';
import { tensor, type Tensor } from '../../tensor.js';
import { lowerAndStripPunctuation, splitWhitespace } from './tokenize.js';

/**
 * What `TextVectorization` outputs: token ids (`int`), a multi-hot or count vector per text, or TF-IDF
 * weights (Keras's modes).
 */
export type OutputMode = 'int' | 'multi_hot' | 'count' | 'tf_idf';
const MODES: readonly OutputMode[] = ['int', 'multi_hot', 'count', 'tf_idf'];

/** Options of `textVectorization` (Keras 3 names and defaults). */
export interface TextVectorizationOptions {
  /** Vocabulary size including the reserved '' (int mode) and '[UNK]' entries. Default: unlimited. */
  maxTokens?: number;
  /** Default 'int'. */
  outputMode?: OutputMode;
  /** 'int' mode only: pad or truncate every row to this length. */
  outputSequenceLength?: number;
  /** Default 'lower_and_strip_punctuation'; null keeps text as is; or a function. */
  standardize?: 'lower_and_strip_punctuation' | 'lower' | null | ((text: string) => string);
  /** Default 'whitespace'; or a function returning tokens. */
  split?: 'whitespace' | ((text: string) => string[]);
}

const KEYS = ['maxTokens', 'outputMode', 'outputSequenceLength', 'standardize', 'split'];

/**
 * Keras's TextVectorization: `adapt(texts)` learns a vocabulary, then `vectorize(texts)` turns texts into token
 * ids or bag-of-words vectors for a model.
 */
export class TextVectorization {
  readonly outputMode: OutputMode;
  private readonly maxTokens: number;
  private readonly sequenceLength: number | null;
  private readonly standardizeFn: (t: string) => string;
  private readonly splitFn: (t: string) => string[];
  private vocab: string[] = [];
  private lookup = new Map<string, number>();
  private idf: Float32Array | null = null;

  constructor(options: TextVectorizationOptions = {}) {
    const fn = 'textVectorization';
    checkKeys(fn, options, KEYS);
    this.outputMode = checkOneOf(fn, 'outputMode', options.outputMode ?? 'int', MODES);
    const reserved = this.outputMode === 'int' ? 2 : 1;
    this.maxTokens = options.maxTokens === undefined ? Infinity : checkInt(fn, 'maxTokens', options.maxTokens, reserved + 1);
    if (options.outputSequenceLength !== undefined && this.outputMode !== 'int') {
      throw new ValidationError(fn, 'outputSequenceLength', "unset unless outputMode is 'int'", options.outputSequenceLength);
    }
    this.sequenceLength = options.outputSequenceLength === undefined ? null : checkInt(fn, 'outputSequenceLength', options.outputSequenceLength, 1);
    const s = options.standardize === undefined ? 'lower_and_strip_punctuation' : options.standardize;
    if (typeof s === 'function') this.standardizeFn = s;
    else if (s === null) this.standardizeFn = (t) => t;
    else this.standardizeFn = checkOneOf(fn, 'standardize', s, ['lower_and_strip_punctuation', 'lower'] as const) === 'lower' ? (t) => t.toLowerCase() : lowerAndStripPunctuation;
    const sp = options.split ?? 'whitespace';
    if (typeof sp === 'function') this.splitFn = sp;
    else this.splitFn = (checkOneOf(fn, 'split', sp, ['whitespace'] as const), splitWhitespace);
  }

  /** The tokens of one text after standardize and split. */
  tokens(text: string): string[] {
    return this.splitFn(this.standardizeFn(text));
  }

  /** Builds the vocabulary (and idf weights in tf_idf mode) from `texts`, replacing any previous one. */
  adapt(texts: readonly string[]): this {
    checkTexts('TextVectorization.adapt', texts);
    const counts = new Map<string, number>();
    const docs = new Map<string, number>();
    for (const text of texts) {
      const toks = this.tokens(text);
      for (const t of toks) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const t of new Set(toks)) docs.set(t, (docs.get(t) ?? 0) + 1);
    }
    const reserved = this.outputMode === 'int' ? ['', '[UNK]'] : ['[UNK]'];
    for (const r of reserved) counts.delete(r);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const keep = Math.min(ranked.length, this.maxTokens - reserved.length);
    this.setVocabulary([...reserved, ...ranked.slice(0, keep).map(([t]) => t)]);
    if (this.outputMode === 'tf_idf') {
      const idf = new Float32Array(this.vocab.length);
      let sum = 0;
      for (let i = 1; i < idf.length; i++) {
        idf[i] = Math.log(1 + texts.length / (1 + (docs.get(this.vocab[i]) ?? 0)));
        sum += idf[i];
      }
      idf[0] = idf.length > 1 ? sum / (idf.length - 1) : 0;
      this.idf = idf;
    }
    return this;
  }

  /** Sets a vocabulary directly (reserved entries first, as getVocabulary returns them). */
  setVocabulary(vocabulary: readonly string[], idfWeights?: Float32Array): this {
    if (!Array.isArray(vocabulary) || vocabulary.some((t) => typeof t !== 'string')) {
      throw new ValidationError('TextVectorization.setVocabulary', 'vocabulary', 'an array of strings', vocabulary, 'ERR_INVALID_TYPE');
    }
    this.vocab = [...vocabulary];
    this.lookup = new Map(this.vocab.map((t, i) => [t, i]));
    if (idfWeights) this.idf = idfWeights;
    return this;
  }

  getVocabulary(): string[] {
    return [...this.vocab];
  }

  get vocabularySize(): number {
    return this.vocab.length;
  }

  /** Vectorizes texts; see the file comment for the shapes per outputMode. */
  vectorize(texts: readonly string[]): Tensor {
    const fn = 'TextVectorization.vectorize';
    checkTexts(fn, texts);
    if (this.vocab.length === 0) throw new SimdnetError('ERR_STATE', fn, 'no vocabulary: call adapt(texts) or setVocabulary(...) first');
    const oov = this.outputMode === 'int' ? 1 : 0;
    const ids = texts.map((t) => this.tokens(t).map((tok) => this.lookup.get(tok) ?? oov));
    if (this.outputMode === 'int') {
      const len = this.sequenceLength ?? Math.max(1, ...ids.map((r) => r.length));
      const out = new Int32Array(texts.length * len);
      ids.forEach((row, i) => out.set(row.slice(0, len), i * len));
      return tensor(out, [texts.length, len]);
    }
    const width = this.vocab.length;
    const out = new Float32Array(texts.length * width);
    ids.forEach((row, i) => {
      for (const id of row) {
        if (this.outputMode === 'multi_hot') out[i * width + id] = 1;
        else out[i * width + id] += 1;
      }
    });
    if (this.outputMode === 'tf_idf') {
      if (!this.idf || this.idf.length !== width) throw new SimdnetError('ERR_STATE', fn, 'tf_idf needs idf weights: adapt(texts) or setVocabulary(vocab, idf)');
      for (let i = 0; i < out.length; i++) out[i] *= this.idf[i % width];
    }
    return tensor(out, [texts.length, width]);
  }
}

/** Factory in the style of the rest of the API: `textVectorization({ maxTokens: 2000, outputMode: 'tf_idf' })`. */
export function textVectorization(options: TextVectorizationOptions = {}): TextVectorization {
  return new TextVectorization(options);
}

function checkTexts(fn: string, texts: unknown): asserts texts is string[] {
  if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) throw new ValidationError(fn, 'texts', 'an array of strings', texts, 'ERR_INVALID_TYPE');
}
