// Initializers by name (camelCase, or Keras's snake_case) or as objects, and their (de)serialization.
import { ValidationError } from '../errors.js';
import {
  type Initializer,
  glorotUniform,
  glorotNormal,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  zeros,
  ones,
  constant,
  randomNormal,
  randomUniform,
  truncatedNormal,
  varianceScaling,
} from './initializer.js';
import { orthogonal } from './orthogonal.js';

export * from './initializer.js';
export { orthogonal } from './orthogonal.js';
export type { OrthogonalOptions } from './orthogonal.js';

const FACTORIES: Record<string, (config?: any) => Initializer> = {
  GlorotUniform: glorotUniform,
  GlorotNormal: glorotNormal,
  HeNormal: heNormal,
  HeUniform: heUniform,
  LecunNormal: lecunNormal,
  LecunUniform: lecunUniform,
  Zeros: zeros,
  Ones: ones,
  Constant: constant,
  RandomNormal: randomNormal,
  RandomUniform: randomUniform,
  TruncatedNormal: truncatedNormal,
  VarianceScaling: varianceScaling,
  Orthogonal: orthogonal,
  // Keras's alias (keras.initializers.get('uniform')): the Embedding default.
  Uniform: randomUniform,
};

/** 'glorotUniform', 'glorot_uniform' and 'GlorotUniform' all name the same class. */
function className(name: string): string {
  return name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/**
 * An initializer, or the name of one ('glorotUniform', 'glorot_uniform' and 'GlorotUniform' name the same
 * class).
 */
export type InitializerIdentifier = string | Initializer;

/** The names of every initializer, camelCase. */
export const INITIALIZER_NAMES = Object.keys(FACTORIES).map((k) => k[0].toLowerCase() + k.slice(1));

/** Resolves a name or an Initializer; throws a ValidationError naming fn and arg otherwise. */
export function getInitializer(fn: string, arg: string, id: unknown): Initializer {
  if (typeof id === 'string') {
    const f = FACTORIES[className(id)];
    if (f) return f();
  } else if (id && typeof id === 'object') {
    if (typeof (id as Initializer).fill === 'function') return id as Initializer;
    // The serialized form, {className, config}, as saved models and getConfig() hold it.
    if (typeof (id as { className?: unknown }).className === 'string') return deserializeInitializer(fn, id as any);
  }
  throw new ValidationError(fn, arg, `an initializer or one of ${INITIALIZER_NAMES.join(', ')}`, id);
}

/** Recreates an initializer from `{className, config}` (saved models). */
export function deserializeInitializer(fn: string, spec: { className: string; config: Record<string, unknown> }): Initializer {
  const f = FACTORIES[spec?.className];
  if (!f) throw new ValidationError(fn, 'className', `one of ${Object.keys(FACTORIES).join(', ')}`, spec?.className, 'ERR_CORRUPT_DATA');
  return f(spec.config);
}

/** An initializer's Keras class name and config, as saved in a model file. */
export function serializeInitializer(init: Initializer): { className: string; config: Record<string, unknown> } {
  return { className: init.className, config: { ...init.config } };
}
