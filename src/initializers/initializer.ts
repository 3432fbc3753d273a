// Weight initializers, as in Keras 3 (keras.initializers): the same names, defaults and formulas.
// Each fills a Float32Array for a parameter of a given shape from a seeded Rng (src/rng.ts), so a
// model built twice with the same seed gets the same weights in every runtime.
//
// Fans (Keras `compute_fans`): a 2-D kernel [in, out] has fanIn = in, fanOut = out; a 1-D shape has
// fanIn = fanOut = its length; for rank > 2 (convolution kernels [...receptive, in, out]) both are
// multiplied by the receptive-field size.
//
// Truncated normals redraw values beyond 2 standard deviations (Keras/TF `truncated_normal`). Such a
// draw has a smaller spread than the untruncated normal: its stddev is 0.87962566103423978 sigma, so
// VarianceScaling (glorotNormal, heNormal, lecunNormal) divides the target stddev by that constant
// to reach the intended variance scale / fan (Keras `VarianceScaling`, distribution
// "truncated_normal").
import { Rng } from '../rng.js';
import { ValidationError } from '../errors.js';
import { checkInt, checkKeys, checkNumber, checkOneOf } from '../validate.js';

/** A serializable weight initializer. */
export interface Initializer {
  /** Keras class name: 'GlorotUniform', 'Zeros', ... */
  readonly className: string;
  /** The arguments that recreate it (save/load). */
  readonly config: Readonly<Record<string, number | string | null>>;
  /** Fills `out` (a parameter of `shape`); draws from `rng` unless the initializer has its own seed. */
  fill(out: Float32Array, shape: readonly number[], rng: Rng): void;
}

/** Stddev of a standard normal truncated to [-2, 2] (Keras VarianceScaling's correction constant). */
export const TRUNCATED_NORMAL_STDDEV = 0.87962566103423978;

/**
 * Keras's fan-in and fan-out of a weight shape: for a kernel [..., in, out] fanIn = in·receptive field,
 * fanOut = out·receptive field.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i];
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

function drawTruncated(rng: Rng, mean: number, stddev: number): number {
  let z: number;
  do z = rng.normal();
  while (z < -2 || z > 2);
  return mean + stddev * z;
}

function make(
  className: string,
  config: Record<string, number | string | null>,
  draw: (rng: Rng, shape: readonly number[]) => (() => number) | number,
): Initializer {
  const seed = (config.seed ?? null) as number | null;
  return Object.freeze({
    className,
    config: Object.freeze({ ...config }),
    fill(out: Float32Array, shape: readonly number[], rng: Rng): void {
      const r = seed === null ? rng : new Rng(seed);
      const f = draw(r, shape);
      if (typeof f === 'number') out.fill(f);
      else for (let i = 0; i < out.length; i++) out[i] = f();
    },
  });
}

interface SeedOptions {
  /** Own seed: the same values on every call (Keras semantics); default: the model's seeded stream. */
  seed?: number | null;
}

function seedOf(fn: string, o: SeedOptions): number | null {
  return o.seed === undefined || o.seed === null ? null : checkInt(fn, 'seed', o.seed, 0, 0xffffffff);
}

/** Which fan VarianceScaling divides by: fan-in, fan-out or their average (Keras's mode). */
export type VarianceMode = 'fanIn' | 'fanOut' | 'fanAvg';
/** The distribution VarianceScaling draws from (Keras's names, camelCase). */
export type VarianceDistribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

/** Options of `varianceScaling` (Keras 3 names and defaults). */
export interface VarianceScalingOptions extends SeedOptions {
  /** Default 1. */
  scale?: number;
  /** Default 'fanIn'. */
  mode?: VarianceMode;
  /** Default 'truncatedNormal'. */
  distribution?: VarianceDistribution;
}

/** Keras VarianceScaling: variance = scale / n, n the fan chosen by `mode`. */
export function varianceScaling(options: VarianceScalingOptions = {}): Initializer {
  const fn = 'varianceScaling';
  checkKeys(fn, options, ['scale', 'mode', 'distribution', 'seed']);
  const scale = checkNumber(fn, 'scale', options.scale ?? 1, 0, Infinity, { minExclusive: true });
  const mode = checkOneOf(fn, 'mode', options.mode ?? 'fanIn', ['fanIn', 'fanOut', 'fanAvg'] as const);
  const distribution = checkOneOf(fn, 'distribution', options.distribution ?? 'truncatedNormal', [
    'truncatedNormal',
    'untruncatedNormal',
    'uniform',
  ] as const);
  const seed = seedOf(fn, options);
  return make('VarianceScaling', { scale, mode, distribution, seed }, (rng, shape) => {
    const { fanIn, fanOut } = computeFans(shape);
    const n = Math.max(1, mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2);
    const variance = scale / n;
    if (distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return () => rng.range(-limit, limit);
    }
    if (distribution === 'untruncatedNormal') {
      const std = Math.sqrt(variance);
      return () => std * rng.normal();
    }
    const std = Math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV;
    return () => drawTruncated(rng, 0, std);
  });
}

function preset(className: string, scale: number, mode: VarianceMode, distribution: VarianceDistribution) {
  return (options: SeedOptions = {}): Initializer => {
    checkKeys(className, options, ['seed']);
    const base = varianceScaling({ scale, mode, distribution, seed: seedOf(className, options) });
    return Object.freeze({ className, config: Object.freeze({ seed: base.config.seed }), fill: base.fill });
  };
}

/** Glorot & Bengio 2010: U(-limit, limit), limit = sqrt(6 / (fanIn + fanOut)). Keras's default kernel initializer. */
export const glorotUniform = preset('GlorotUniform', 1, 'fanAvg', 'uniform');
/** Truncated normal, stddev = sqrt(2 / (fanIn + fanOut)) (before the truncation correction). */
export const glorotNormal = preset('GlorotNormal', 1, 'fanAvg', 'truncatedNormal');
/** He et al. 2015, for ReLU nets: truncated normal, stddev = sqrt(2 / fanIn). */
export const heNormal = preset('HeNormal', 2, 'fanIn', 'truncatedNormal');
/** U(-limit, limit), limit = sqrt(6 / fanIn). */
export const heUniform = preset('HeUniform', 2, 'fanIn', 'uniform');
/** LeCun 1998 (and SELU nets): truncated normal, stddev = sqrt(1 / fanIn). */
export const lecunNormal = preset('LecunNormal', 1, 'fanIn', 'truncatedNormal');
/** U(-limit, limit), limit = sqrt(3 / fanIn). */
export const lecunUniform = preset('LecunUniform', 1, 'fanIn', 'uniform');

/** All zeros (Keras's default bias initializer). */
export function zeros(): Initializer {
  return make('Zeros', {}, () => 0);
}

/** All ones (batch-norm gamma, moving variance). */
export function ones(): Initializer {
  return make('Ones', {}, () => 1);
}

/** A constant. */
export function constant(options: { value?: number } = {}): Initializer {
  checkKeys('constant', options, ['value']);
  const value = checkNumber('constant', 'value', options.value ?? 0);
  return make('Constant', { value }, () => value);
}

/** Options of `randomNormal` and `truncatedNormal` (Keras 3 names and defaults). */
export interface NormalOptions extends SeedOptions {
  /** Default 0. */
  mean?: number;
  /** Default 0.05 (Keras 3). */
  stddev?: number;
}

/** N(mean, stddev²); Keras defaults mean 0, stddev 0.05. */
export function randomNormal(options: NormalOptions = {}): Initializer {
  const fn = 'randomNormal';
  checkKeys(fn, options, ['mean', 'stddev', 'seed']);
  const mean = checkNumber(fn, 'mean', options.mean ?? 0);
  const stddev = checkNumber(fn, 'stddev', options.stddev ?? 0.05, 0);
  return make('RandomNormal', { mean, stddev, seed: seedOf(fn, options) }, (rng) => () => mean + stddev * rng.normal());
}

/** N(mean, stddev²) with draws beyond 2 stddev redrawn; Keras defaults mean 0, stddev 0.05 (no correction: stddev is that of the untruncated normal, as in Keras). */
export function truncatedNormal(options: NormalOptions = {}): Initializer {
  const fn = 'truncatedNormal';
  checkKeys(fn, options, ['mean', 'stddev', 'seed']);
  const mean = checkNumber(fn, 'mean', options.mean ?? 0);
  const stddev = checkNumber(fn, 'stddev', options.stddev ?? 0.05, 0);
  return make('TruncatedNormal', { mean, stddev, seed: seedOf(fn, options) }, (rng) => () => drawTruncated(rng, mean, stddev));
}

/** Options of `randomUniform` (Keras 3 names and defaults). */
export interface UniformOptions extends SeedOptions {
  /** Default -0.05 (Keras 3). */
  minval?: number;
  /** Default 0.05. */
  maxval?: number;
}

/** U(minval, maxval); Keras defaults -0.05, 0.05. */
export function randomUniform(options: UniformOptions = {}): Initializer {
  const fn = 'randomUniform';
  checkKeys(fn, options, ['minval', 'maxval', 'seed']);
  const minval = checkNumber(fn, 'minval', options.minval ?? -0.05);
  const maxval = checkNumber(fn, 'maxval', options.maxval ?? 0.05);
  if (maxval < minval) throw new ValidationError(fn, 'maxval', `>= minval (${minval})`, maxval);
  return make('RandomUniform', { minval, maxval, seed: seedOf(fn, options) }, (rng) => () => rng.range(minval, maxval));
}
