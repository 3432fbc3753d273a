// A tiny image task for the playbook's tests: the CNN base and the image strategies need [N, s, s, 1].
import { Rng } from '../../src/rng.js';

/** n images of side s: class 0 a horizontal bar, class 1 a vertical one, uniform noise of 0.3. */
export function bars(n: number, s: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * s * s);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(2);
    const at = rng.int(s);
    for (let p = 0; p < s * s; p++) {
      const [r, c] = [Math.floor(p / s), p % s];
      x[i * s * s + p] = 0.3 * rng.uniform() + ((y[i] === 0 ? r : c) === at ? 0.7 : 0);
    }
  }
  return { x: { data: x, shape: [n, s, s, 1] }, y: { data: y, shape: [n] } };
}
