// A playbook's budget: wall-clock seconds ('30m', '90s', '2h', { seconds }) or training runs
// ('40runs', { runs }). A run is one training of one configuration on one seed, whatever its size.
import { SimdnetError, ValidationError } from '../errors.js';

/** A playbook's budget: wall-clock seconds or a number of training runs. */
export type Budget = { seconds: number } | { runs: number };

const UNITS: Record<string, number> = { s: 1, m: 60, min: 60, h: 3600 };

/**
 * Parses a budget: '30m', '90s', '2h', '40runs', { seconds } or { runs }; anything else is a
 * ValidationError naming `fn`.
 */
export function parseBudget(fn: string, v: unknown): Budget {
  const expected = "'30m', '90s', '2h', '40runs', { seconds } or { runs }";
  if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|runs?)\s*$/.exec(v);
    if (!m || Number(m[1]) <= 0) throw new ValidationError(fn, 'budget', expected, v);
    if (m[2].startsWith('run')) {
      if (!Number.isInteger(Number(m[1]))) throw new ValidationError(fn, 'budget', 'a whole number of runs', v);
      return { runs: Number(m[1]) };
    }
    return { seconds: Number(m[1]) * UNITS[m[2]] };
  }
  if (v && typeof v === 'object') {
    const o = v as { seconds?: unknown; runs?: unknown };
    if (typeof o.seconds === 'number' && Number.isFinite(o.seconds) && o.seconds > 0 && o.runs === undefined) return { seconds: o.seconds };
    if (typeof o.runs === 'number' && Number.isInteger(o.runs) && o.runs > 0 && o.seconds === undefined) return { runs: o.runs };
  }
  throw new ValidationError(fn, 'budget', expected, v, typeof v === 'string' || typeof v === 'object' ? 'ERR_INVALID_ARGUMENT' : 'ERR_INVALID_TYPE');
}

/** The budget cannot hold even the baseline and the final model; `needed` says what would. */
export class BudgetError extends SimdnetError {
  constructor(
    fn: string,
    readonly needed: Budget,
    readonly given: Budget,
  ) {
    super('ERR_INVALID_ARGUMENT', fn, `the budget ${formatBudget(given)} is too small: the baseline seeds and the final model alone need about ${formatBudget(needed)}`, { arg: 'budget', expected: `at least ${formatBudget(needed)}`, got: formatBudget(given) });
    this.name = 'BudgetError';
  }
}

export function formatBudget(b: Budget): string {
  if ('runs' in b) return `${b.runs} runs`;
  const s = Math.ceil(b.seconds);
  return s < 120 ? `${s}s` : `${Math.ceil(s / 60)}m`;
}
