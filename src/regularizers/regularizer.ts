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

/** A weight penalty added to the loss: L1, L2 or both, with its factors (Keras's classes). */
export interface Regularizer {
  readonly className: 'L1' | 'L2' | 'L1L2';
  readonly l1: number;
  readonly l2: number;
}

function make(className: Regularizer['className'], l1: number, l2: number): Regularizer {
  return Object.freeze({ className, l1, l2 });
}

/**
 * The factor of l1(...) / l2(...): Keras's positional form `l1(0.01)` (keras.regularizers.L1(l1=0.01),
 * keras/src/regularizers/regularizers.py), the options form `l1({ l1: 0.01 })`, or nothing (the
 * default). Anything else is a typed error: a number that is ignored would silently train with 0.01.
 */
function factor(fn: 'l1' | 'l2', args: unknown[]): number {
  const [a] = args;
  if (args.length > 1) throw new ValidationError(fn, 'arguments', `one factor (${fn}(0.01)) or an options object (${fn}({ ${fn}: 0.01 }))`, `${args.length} arguments`);
  if (a === undefined) return 0.01;
  if (typeof a === 'number') return checkNumber(fn, fn, a, 0);
  if (a === null || typeof a !== 'object' || Array.isArray(a)) throw new ValidationError(fn, fn, `a number >= 0 (${fn}(0.01)) or an options object ({ ${fn}: 0.01 })`, a, 'ERR_INVALID_TYPE');
  checkKeys(fn, a, [fn]);
  return checkNumber(fn, fn, (a as Record<string, unknown>)[fn] ?? 0.01, 0);
}

/** L1 penalty l1 * sum|w|: `l1(0.01)` as Keras, or `l1({ l1 })`; default l1 = 0.01. */
export function l1(...args: [factor?: number | { l1?: number }]): Regularizer {
  return make('L1', factor('l1', args), 0);
}

/** L2 penalty l2 * sum w²: `l2(0.01)` as Keras, or `l2({ l2 })`; default l2 = 0.01. */
export function l2(...args: [factor?: number | { l2?: number }]): Regularizer {
  return make('L2', 0, factor('l2', args));
}

/**
 * Both penalties: `l1l2(l1, l2)` positional as Keras's L1L2(l1, l2), or `l1l2({ l1, l2 })` with
 * defaults l1 = 0.01, l2 = 0.01 (see the file comment for why). The positional form needs both
 * factors: Keras 3 defaults a missing one to 0 and tfjs to 0.01, so `l1l2(0.01)` would be ambiguous.
 */
export function l1l2(...args: [l1: number, l2: number] | [options?: { l1?: number; l2?: number }]): Regularizer {
  const fn = 'l1l2';
  const [a, b] = args as unknown[];
  if (typeof a === 'number' || typeof b === 'number') {
    if (args.length !== 2 || typeof a !== 'number' || typeof b !== 'number') throw new ValidationError(fn, 'arguments', 'two factors l1l2(l1, l2) (Keras 3 L1L2 positional form) or an options object l1l2({ l1, l2 })', args.map((v) => String(v)).join(', '));
    return make('L1L2', checkNumber(fn, 'l1', a, 0), checkNumber(fn, 'l2', b, 0));
  }
  if (args.length > 1) throw new ValidationError(fn, 'arguments', 'one options object l1l2({ l1, l2 }) or two factors l1l2(l1, l2)', `${args.length} arguments`);
  const o = a ?? {};
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new ValidationError(fn, 'options', 'two factors l1l2(l1, l2) or an options object { l1, l2 }', o, 'ERR_INVALID_TYPE');
  checkKeys(fn, o, ['l1', 'l2']);
  const r = o as { l1?: number; l2?: number };
  return make('L1L2', checkNumber(fn, 'l1', r.l1 ?? 0.01, 0), checkNumber(fn, 'l2', r.l2 ?? 0.01, 0));
}

/** A regularizer, or the name of one with Keras's default factors ('l1', 'l2', 'l1l2'). */
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
