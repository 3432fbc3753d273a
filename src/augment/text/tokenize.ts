// Word tokenization for text augmentation and vectorization. Unicode-aware: a word is a run of
// letters, marks and digits in any script, with inner apostrophes or hyphens kept ("don't",
// "e-mail"), so accented and non-Latin text survives (the EDA reference, eda.py's get_only_chars,
// drops every character outside a-z; we keep them and only lowercase).

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

/** The words of `text`, lowercased, in order; punctuation and whitespace are dropped. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []) as string[];
}

// Keras TextVectorization's default standardize, 'lower_and_strip_punctuation', removes this set
// (keras/src/layers/preprocessing/text_vectorization.py: DEFAULT_STRIP_REGEX).
const KERAS_PUNCTUATION = /[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~']/g;

/** Keras 'lower_and_strip_punctuation': lowercase, delete ASCII punctuation, keep everything else. */
export function lowerAndStripPunctuation(text: string): string {
  return text.toLowerCase().replace(KERAS_PUNCTUATION, '');
}

/** Keras 'whitespace' split. */
export function splitWhitespace(text: string): string[] {
  return text.split(/\s+/u).filter((t) => t.length > 0);
}
