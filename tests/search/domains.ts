// hyperopt's test domains (hyperopt/tests/test_domains.py), with the objective written out. Used by
// the acceptance tests (tpe.test.ts) and the search bench.
import { Rng } from '../../src/rng.js';
import { hp } from '../../src/search/space.js';

export interface Domain {
  name: string;
  space: unknown;
  /** A fresh objective (n_arms keeps a noise stream, seeded as hyperopt's with 123). */
  make(): (params: any) => number;
}

/** (x - 3)^2, x ~ U(-5, 5): minimum 0 at x = 3. */
export const quadratic1: Domain = {
  name: 'quadratic1',
  space: hp.uniform('x', -5, 5),
  make: () => (x: number) => (x - 3) ** 2,
};

/** Branin-Hoo on x ~ U(-5, 10), y ~ U(0, 15): global minimum 0.397887 (three minimisers). */
export const branin: Domain = {
  name: 'branin',
  space: { x: hp.uniform('x', -5, 10), y: hp.uniform('y', 0, 15) },
  make:
    () =>
    ({ x, y }: { x: number; y: number }) => {
      const b = 5.1 / (4 * Math.PI * Math.PI);
      const c = 5 / Math.PI;
      const t = 1 / (8 * Math.PI);
      return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
    },
};

/** Two arms; the loss is a draw from N(-1, 1) for arm 0 and N(0, 1) for arm 1. */
export const nArms: Domain = {
  name: 'n_arms',
  space: hp.choice('x', [0, 1]),
  make: () => {
    const rng = new Rng(123);
    return (x: number) => [-1, 0][x] + rng.normal();
  },
};
