// Search-space expressions, after hyperopt's `hp` module (hyperopt/hp.py, pyll_utils.py). A space
// is plain data: a tree of objects, arrays and constants whose leaves may be `hp.*` expressions;
// `choice` options may themselves contain expressions (conditional spaces). Bounds follow hyperopt:
// `loguniform(label, low, high)` takes log-space bounds (samples lie in [e^low, e^high]).
// Differences from hyperopt, on purpose: a sampled configuration holds the chosen *values* of
// `choice` (not indices), and quantized or integer expressions (`uniformint`, `randint`, `q*` with an
// integer `q`) yield JavaScript integers.
import { ValidationError } from '../errors.js';
import { checkInt, checkNumber } from '../validate.js';

/** The numeric `hp` expression kinds (hyperopt's names). */
export type NumericKind =
  | 'uniform'
  | 'quniform'
  | 'uniformint'
  | 'loguniform'
  | 'qloguniform'
  | 'normal'
  | 'qnormal'
  | 'lognormal'
  | 'qlognormal';

/** A categorical expression: `choice`, `pchoice` or `randint` (integers low..high-1 as options). */
export class CategoricalExpr {
  readonly kind = 'categorical' as const;
  constructor(
    readonly label: string,
    /** The options; for randint the integers themselves. */
    readonly options: readonly unknown[],
    /** Prior probability of each option (uniform for choice and randint). */
    readonly probs: readonly number[],
  ) {}
}

/**
 * A numeric expression. For the bounded kinds `a`, `b` are low and high (log-space for the log
 * kinds); for the normal kinds they are mu and sigma (of log x for the lognormal kinds). `q` is the
 * quantization step (0 when not quantized).
 */
export class NumericExpr {
  constructor(
    readonly kind: NumericKind,
    readonly label: string,
    readonly a: number,
    readonly b: number,
    readonly q: number,
  ) {}

  get bounded(): boolean {
    return this.kind === 'uniform' || this.kind === 'quniform' || this.kind === 'uniformint' || this.kind === 'loguniform' || this.kind === 'qloguniform';
  }

  get log(): boolean {
    return this.kind === 'loguniform' || this.kind === 'qloguniform' || this.kind === 'lognormal' || this.kind === 'qlognormal';
  }

  /** Integer-valued: uniformint, or quantized with an integer step. */
  get integer(): boolean {
    return this.q > 0 && Number.isInteger(this.q);
  }
}

/** An `hp` expression: a choice among options or a numeric distribution, a leaf of a search space. */
export type Expr = CategoricalExpr | NumericExpr;

function label(fn: string, l: unknown): string {
  if (typeof l !== 'string' || l.length === 0) throw new ValidationError(fn, 'label', 'a non-empty string', l, 'ERR_INVALID_TYPE');
  return l;
}

function bounds(fn: string, low: unknown, high: unknown): [number, number] {
  const lo = checkNumber(fn, 'low', low);
  const hi = checkNumber(fn, 'high', high);
  if (hi <= lo) throw new ValidationError(fn, 'high', `a number > low (${lo})`, hi);
  return [lo, hi];
}

function spread(fn: string, mu: unknown, sigma: unknown): [number, number] {
  return [checkNumber(fn, 'mu', mu), checkNumber(fn, 'sigma', sigma, 0, Infinity, { minExclusive: true })];
}

function step(fn: string, q: unknown): number {
  return checkNumber(fn, 'q', q, 0, Infinity, { minExclusive: true });
}

/**
 * The shared body of the numeric factories: checks the two parameters with `params` (bounds, or
 * mu and sigma), then the label, then for the q-kinds the step (error precedence as before).
 */
function numeric(kind: NumericKind, params: typeof bounds, l: unknown, a: unknown, b: unknown, q?: unknown): NumericExpr {
  const fn = `hp.${kind}`;
  const [x, y] = params(fn, a, b);
  return new NumericExpr(kind, label(fn, l), x, y, kind.startsWith('q') ? step(fn, q) : 0);
}

/** The `hp` namespace: factories for every expression kind (hyperopt's names and argument order). */
export const hp = {
  /** One of `options` with equal prior probability; the sampled value is the option itself. */
  choice(l: string, options: readonly unknown[]): CategoricalExpr {
    const fn = 'hp.choice';
    if (!Array.isArray(options) || options.length === 0) throw new ValidationError(fn, 'options', 'a non-empty array', options);
    return new CategoricalExpr(label(fn, l), [...options], options.map(() => 1 / options.length));
  },

  /** One of the options with the given prior probabilities: `[[0.7, 'adam'], [0.3, 'sgd']]`. */
  pchoice(l: string, pairs: readonly (readonly [number, unknown])[]): CategoricalExpr {
    const fn = 'hp.pchoice';
    if (!Array.isArray(pairs) || pairs.length === 0) throw new ValidationError(fn, 'options', 'a non-empty array of [probability, option] pairs', pairs);
    const probs = pairs.map((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) throw new ValidationError(fn, `options[${i}]`, 'a [probability, option] pair', p);
      return checkNumber(fn, `options[${i}][0]`, p[0], 0, 1);
    });
    const total = probs.reduce((s, p) => s + p, 0);
    if (Math.abs(total - 1) > 1e-6) throw new ValidationError(fn, 'options', 'probabilities summing to 1', total);
    return new CategoricalExpr(label(fn, l), pairs.map((p) => p[1]), probs.map((p) => p / total));
  },

  /** An integer in [0, upper) or, with two bounds, in [low, high), each equally likely. */
  randint(l: string, lowOrUpper: number, high?: number): CategoricalExpr {
    const fn = 'hp.randint';
    const lo = high === undefined ? 0 : checkInt(fn, 'low', lowOrUpper);
    const hi = high === undefined ? checkInt(fn, 'upper', lowOrUpper, 1) : checkInt(fn, 'high', high, lo + 1);
    if (hi - lo > 1 << 20) throw new ValidationError(fn, 'high', `at most 2^20 values above low`, hi);
    const options = Array.from({ length: hi - lo }, (_, i) => lo + i);
    return new CategoricalExpr(label(fn, l), options, options.map(() => 1 / options.length));
  },

  uniform(l: string, low: number, high: number): NumericExpr {
    return numeric('uniform', bounds, l, low, high);
  },

  /** round(uniform(low, high) / q) * q. */
  quniform(l: string, low: number, high: number, q: number): NumericExpr {
    return numeric('quniform', bounds, l, low, high, q);
  },

  /** An integer in [low, high] (quniform with q = 1, returned as an integer). */
  uniformint(l: string, low: number, high: number): NumericExpr {
    const lo = checkInt('hp.uniformint', 'low', low);
    const hi = checkInt('hp.uniformint', 'high', high, lo + 1);
    return new NumericExpr('uniformint', label('hp.uniformint', l), lo, hi, 1);
  },

  /** exp(uniform(low, high)): `low`, `high` are log-space bounds, as in hyperopt. */
  loguniform(l: string, low: number, high: number): NumericExpr {
    return numeric('loguniform', bounds, l, low, high);
  },

  qloguniform(l: string, low: number, high: number, q: number): NumericExpr {
    return numeric('qloguniform', bounds, l, low, high, q);
  },

  normal(l: string, mu: number, sigma: number): NumericExpr {
    return numeric('normal', spread, l, mu, sigma);
  },

  qnormal(l: string, mu: number, sigma: number, q: number): NumericExpr {
    return numeric('qnormal', spread, l, mu, sigma, q);
  },

  /** exp(normal(mu, sigma)). */
  lognormal(l: string, mu: number, sigma: number): NumericExpr {
    return numeric('lognormal', spread, l, mu, sigma);
  },

  qlognormal(l: string, mu: number, sigma: number, q: number): NumericExpr {
    return numeric('qlognormal', spread, l, mu, sigma, q);
  },
};

/** Rounds to the quantization grid, and to an exact integer when the step is one. */
export function quantize(x: number, q: number): number {
  if (q <= 0) return x;
  const v = Math.round(x / q) * q;
  return Number.isInteger(q) ? Math.round(v) : v;
}
