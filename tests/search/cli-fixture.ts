// A space for the `simdnet search` CLI tests (objectives.ts holds the objective).
import { hp } from '../../src/search/space.js';

export const space = { x: hp.uniform('x', -5, 5), work: 1000 };
