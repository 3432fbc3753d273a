// English stop words that EDA never replaces with synonyms (Wei & Zou 2019, section 2: "randomly
// choose n words from the sentence that are not stop words"). The common English function words:
// pronouns, determiners, auxiliaries, prepositions, conjunctions and a few adverbs.
/**
 * English stop words (pronouns, determiners, auxiliaries, prepositions, conjunctions) that EDA's
 * synonym replacement and insertion leave alone.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her ' +
    'hers herself it its itself they them their theirs themselves what which who whom this that these ' +
    'those am is are was were be been being have has had having do does did doing a an the and but if ' +
    'or because as until while of at by for with about against between into through during before after ' +
    'above below to from up down in out on off over under again further then once here there when where ' +
    'why how all any both each few more most other some such no nor not only own same so than too very ' +
    's t can will just don should now'
  ).split(' '),
);
