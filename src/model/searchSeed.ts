// How a seeded search (gridSearch / randomSearch, src/search/search-cv.ts) reaches the weight
// initialisation of a model its buildModel created without a seed: the model implements
// [SEARCH_SEED](seed), which applies `seed` only when the model has no seed of its own and nothing
// but its initializers wrote its weights (they are then drawn again from `seed`), and says whether
// it did. A symbol, so it stays out of the user-facing API and of
// autocompletion; any model-like object can implement it.
export const SEARCH_SEED: unique symbol = Symbol.for('simdnet.searchSeed');

export interface SearchSeedable {
  [SEARCH_SEED](seed: number): boolean;
}

export function isSearchSeedable(m: unknown): m is SearchSeedable {
  return typeof m === 'object' && m !== null && typeof (m as Partial<SearchSeedable>)[SEARCH_SEED] === 'function';
}
