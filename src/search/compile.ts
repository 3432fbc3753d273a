// Flattens a search space into its parameters, each with the choice decisions that make it active
// (hyperopt's conditional "tree" of the TPE name). Algorithms work on `Vals`: label -> number, where
// a categorical parameter stores the chosen option's index and a numeric one its value; only active
// parameters appear. `buildConfig` turns vals back into the plain configuration the objective sees.
import { ValidationError } from '../errors.js';
import { CategoricalExpr, NumericExpr, quantize, type Expr } from './space.js';

/**
 * One trial's point in a compiled space: parameter label to number (a choice's option index, or a numeric
 * value); only active parameters appear.
 */
export type Vals = Record<string, number>;

/** A parameter of the space and the choice decisions (label, option index) that make it active. */
export interface Param {
  readonly label: string;
  readonly expr: Expr;
  readonly conds: readonly { readonly label: string; readonly index: number }[];
}

/**
 * A search space flattened into its parameters, each with the choices that make it active (hyperopt's
 * conditional tree), as algorithms work on it.
 */
export interface CompiledSpace {
  readonly space: unknown;
  /** Parameters in depth-first order: a choice always precedes the parameters it conditions. */
  readonly params: readonly Param[];
  readonly byLabel: ReadonlyMap<string, Param>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Compiles a space; throws a ValidationError (arg 'label') when two expressions share a label. */
export function compileSpace(space: unknown, fn = 'compileSpace'): CompiledSpace {
  const params: Param[] = [];
  const byLabel = new Map<string, Param>();
  const walk = (node: unknown, conds: Param['conds']): void => {
    if (node instanceof CategoricalExpr || node instanceof NumericExpr) {
      if (byLabel.has(node.label)) throw new ValidationError(fn, 'label', 'unique labels in the space', node.label);
      const p: Param = { label: node.label, expr: node, conds };
      params.push(p);
      byLabel.set(node.label, p);
      if (node instanceof CategoricalExpr) node.options.forEach((o, i) => walk(o, [...conds, { label: node.label, index: i }]));
    } else if (Array.isArray(node)) {
      for (const v of node) walk(v, conds);
    } else if (isPlainObject(node)) {
      for (const k of Object.keys(node)) walk(node[k], conds);
    }
  };
  walk(space, []);
  return { space, params, byLabel };
}

/** True when every choice decision on the parameter's path was taken in `vals`. */
export function isActive(p: Param, vals: Vals): boolean {
  for (const c of p.conds) if (vals[c.label] !== c.index) return false;
  return true;
}

/** The value a numeric parameter's stored number maps to in the configuration. */
function numericValue(e: NumericExpr, v: number): number {
  return e.integer ? Math.round(v) : v;
}

/** The plain configuration for `vals`: choices replaced by the chosen option, numbers by their value. */
export function buildConfig(space: unknown, vals: Vals): unknown {
  const build = (node: unknown): unknown => {
    if (node instanceof CategoricalExpr) return build(node.options[vals[node.label]]);
    if (node instanceof NumericExpr) return numericValue(node, vals[node.label]);
    if (Array.isArray(node)) return node.map(build);
    if (isPlainObject(node)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(node)) out[k] = build(node[k]);
      return out;
    }
    return node;
  };
  return build(space);
}

/**
 * hyperopt's space_eval (hyperopt/fmin.py): the configuration a search space yields for an
 * assignment label -> value, a choice given by its option index, as `result.argmin` holds it
 * (`spaceEval(space, result.argmin)` equals `result.best`). Every active parameter must have a
 * valid value; labels the space does not use are ignored, as hyperopt does.
 */
export function spaceEval(space: unknown, vals: Record<string, number>): unknown {
  const fn = 'spaceEval';
  if (vals === null || typeof vals !== 'object') throw new ValidationError(fn, 'vals', 'an object label -> value', vals, 'ERR_INVALID_TYPE');
  const cs = compileSpace(space, fn);
  for (const p of cs.params) {
    if (!isActive(p, vals)) continue;
    const v = vals[p.label];
    if (p.expr instanceof CategoricalExpr) {
      if (!Number.isInteger(v) || v < 0 || v >= p.expr.options.length) throw new ValidationError(fn, `vals.${p.label}`, `an option index 0..${p.expr.options.length - 1}`, v);
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValidationError(fn, `vals.${p.label}`, 'a finite number', v);
    }
  }
  return buildConfig(space, vals);
}

/**
 * Converts a user-given point (label -> value; a choice given by its option, compared with ===, or
 * by `{ index: i }`) to vals, checking that every active parameter has a valid value.
 */
export function pointToVals(cs: CompiledSpace, point: Record<string, unknown>, fn: string, arg: string): Vals {
  const vals: Vals = {};
  for (const p of cs.params) {
    if (!isActive(p, vals)) continue;
    const v = point[p.label];
    const where = `${arg}.${p.label}`;
    if (p.expr instanceof CategoricalExpr) {
      const options = p.expr.options;
      let i = options.indexOf(v);
      const idx = (v as { index?: unknown } | null)?.index;
      if (i < 0 && typeof idx === 'number' && Number.isInteger(idx) && idx >= 0 && idx < options.length) i = idx;
      if (i < 0) throw new ValidationError(fn, where, `one of the options of '${p.label}' or { index: i }`, v);
      vals[p.label] = i;
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(fn, where, 'a finite number', v);
      vals[p.label] = p.expr.q > 0 ? quantize(v, p.expr.q) : v;
    }
  }
  return vals;
}
