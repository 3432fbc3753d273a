// Weight and activity regularizers, as in Keras: a penalty added to the training loss,
//   L1: l1 * sum(|w|)         gradient l1 * sign(w)
//   L2: l2 * sum(w²)          gradient 2 * l2 * w   (no 1/2 factor: Keras's definition)
// Keras adds the penalties of all layers to the batch loss unscaled (not divided by the batch size),
// so the reported `loss` includes them; an activity regularizer is applied to the whole batch output
// (Keras 3 `Layer.__call__` adds `activity_regularizer(output)`, no batch averaging).
//
// Defaults (Keras 3 and tfjs differ, so stated plainly): `l1()` uses l1 = 0.01 and `l2()` uses
// l2 = 0.01 (both agree). `l1l2()` and the string 'l1l2' use l1 = 0.01 and l2 = 0.01: that is
// tfjs's `l1l2` default and what Keras documents for the string 'l1_l2'; Keras 3's `L1L2` class
// itself defaults to l1 = l2 = 0, a regularizer that does nothing, which we did not copy.
import { ValidationError } from '../errors.js';
import { checkKeys, checkNumber } from '../validate.js';

export interface Regularizer {
  readonly className: 'L1' | 'L2' | 'L1L2';
  readonly l1: number;
  readonly l2: number;
}

function make(className: Regularizer['className'], l1: number, l2: number): Regularizer {
  return Object.freeze({ className, l1, l2 });
}

/** L1 penalty l1 * sum|w|; default l1 = 0.01. */
export function l1(options: { l1?: number } = {}): Regularizer {
  checkKeys('l1', options, ['l1']);
  return make('L1', checkNumber('l1', 'l1', options.l1 ?? 0.01, 0), 0);
}

/** L2 penalty l2 * sum w²; default l2 = 0.01. */
export function l2(options: { l2?: number } = {}): Regularizer {
  checkKeys('l2', options, ['l2']);
  return make('L2', 0, checkNumber('l2', 'l2', options.l2 ?? 0.01, 0));
}

/** Both penalties; defaults l1 = 0.01, l2 = 0.01 (see the file comment for why). */
export function l1l2(options: { l1?: number; l2?: number } = {}): Regularizer {
  checkKeys('l1l2', options, ['l1', 'l2']);
  return make('L1L2', checkNumber('l1l2', 'l1', options.l1 ?? 0.01, 0), checkNumber('l1l2', 'l2', options.l2 ?? 0.01, 0));
}

export type RegularizerIdentifier = 'l1' | 'l2' | 'l1l2' | 'l1_l2' | Regularizer;

/** Resolves a name or a Regularizer (null/undefined: none). */
export function getRegularizer(fn: string, arg: string, id: unknown): Regularizer | null {
  if (id === undefined || id === null) return null;
  if (id === 'l1') return l1();
  if (id === 'l2') return l2();
  if (id === 'l1l2' || id === 'l1_l2') return l1l2();
  if (typeof id === 'object' && ['L1', 'L2', 'L1L2'].includes((id as Regularizer).className)) {
    const r = id as Regularizer;
    return make(r.className, checkNumber(fn, `${arg}.l1`, r.l1, 0), checkNumber(fn, `${arg}.l2`, r.l2, 0));
  }
  throw new ValidationError(fn, arg, "a regularizer (l1(), l2(), l1l2()) or 'l1', 'l2', 'l1l2'", id);
}
