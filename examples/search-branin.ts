// TPE against random search on Branin (hyperopt's benchmark domain), 10 seeds x 200 evaluations,
// and a conditional space showing that configurations come back as plain values.
// Run: npm run build && node dist/examples/search-branin.js
import { fmin, hp } from '../src/index.js';

const branin = ({ x, y }: { x: number; y: number }) =>
  (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
const space = { x: hp.uniform('x', -5, 10), y: hp.uniform('y', 0, 15) };

console.log('| seed | TPE best | random best |');
console.log('|---|---|---|');
let tpeSum = 0;
let randSum = 0;
for (let seed = 0; seed < 10; seed++) {
  const t = await fmin({ fn: branin, space, algo: 'tpe', maxEvals: 200, seed });
  const r = await fmin({ fn: branin, space, algo: 'random', maxEvals: 200, seed });
  tpeSum += t.bestLoss as number;
  randSum += r.bestLoss as number;
  console.log(`| ${seed} | ${(t.bestLoss as number).toFixed(4)} | ${(r.bestLoss as number).toFixed(4)} |`);
}
console.log(`| mean | ${(tpeSum / 10).toFixed(4)} | ${(randSum / 10).toFixed(4)} |  (global minimum 0.3979)`);

const nested = {
  optimizer: hp.choice('optimizer', ['rmsprop', 'adam', 'sgd']),
  units1: hp.quniform('units1', 64, 1024, 64),
  third: hp.choice('third', [null, { units: hp.uniformint('units3', 64, 1024) }]),
};
const { best } = await fmin({
  fn: (p: typeof nested & { units1: number; optimizer: string; third: null | { units: number } }) =>
    Math.abs(p.units1 - 512) / 512 + (p.optimizer === 'adam' ? 0 : 0.5) + (p.third ? Math.abs(p.third.units - 128) / 1024 : 0.2),
  space: nested,
  maxEvals: 60,
  seed: 1,
});
console.log('best nested configuration:', JSON.stringify(best));
