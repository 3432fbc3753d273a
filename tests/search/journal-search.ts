// The search shared by the journal tests and their child process.
import { hp } from '../../src/search/space.js';

export const journalSearch = {
  space: { x: hp.uniform('x', -5, 5), o: hp.choice('o', ['a', 'b']) },
  fn: (p: { x: number; o: string }) => (p.x - 1) ** 2 + (p.o === 'a' ? 0 : 0.5),
  algo: 'tpe' as const,
  maxEvals: 30,
  seed: 77,
};
