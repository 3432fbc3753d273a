// Reshape (Keras 3): each sample's values in row-major order, given a new per-sample shape. Memory
// is row-major, so, as flatten, it is a no-op on data: the model gives the layer's output and
// gradient the input's buffers (aliasesInput). One entry of targetShape may be -1: inferred from the
// others (Keras). `reshape({targetShape: [28, 28, 1]})` turns flat MNIST rows into images.
import { Layer, LAYER_OPTION_KEYS, type LayerOptions } from './layer.js';
import { ShapeError, ValidationError } from '../errors.js';
import { checkInt, checkKeys } from '../validate.js';

/** Options of `reshape` (Keras 3 names). */
export interface ReshapeOptions extends LayerOptions {
  /** Per-sample output shape (no batch dimension); at most one entry -1. Required. */
  targetShape: number[];
}

const fn = 'reshape';

/**
 * The layer `reshape()` makes: gives each sample a new shape of the same size (a view, no copy; Keras
 * Reshape).
 */
export class Reshape extends Layer {
  readonly className = 'Reshape';
  override readonly aliasesInput = true;
  readonly targetShape: readonly number[];

  constructor(options: ReshapeOptions) {
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, [...LAYER_OPTION_KEYS, 'targetShape']);
    super(fn, options);
    const t = options.targetShape;
    if (!Array.isArray(t) || t.length === 0) throw new ValidationError(fn, 'targetShape', 'a non-empty array of integers >= 1 (one may be -1)', t);
    t.forEach((d, i) => {
      if (d !== -1) checkInt(fn, `targetShape[${i}]`, d, 1);
    });
    if (t.filter((d) => d === -1).length > 1) throw new ValidationError(fn, 'targetShape', 'at most one -1 entry', t);
    this.targetShape = Object.freeze([...t]);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    const size = inputShape.reduce((a, b) => a * b, 1);
    const known = this.targetShape.reduce((a, d) => (d === -1 ? a : a * d), 1);
    const unknown = this.targetShape.indexOf(-1);
    const who = `${fn} '${this.name}'`;
    const expected = `a targetShape holding the input's ${size} values per sample ([${inputShape.join(', ')}])`;
    if (unknown < 0) {
      if (known !== size) throw new ShapeError(who, 'targetShape', expected, `[${this.targetShape.join(', ')}] (${known} values)`);
      return [...this.targetShape];
    }
    if (size % known !== 0) throw new ShapeError(who, 'targetShape', expected, `[${this.targetShape.join(', ')}] (-1 cannot be an integer)`);
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }

  forward(): void {}
  backward(): void {}

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}

/** Reshapes each sample (Keras `Reshape`). `reshape({targetShape: [28, 28, 1]})`. */
export function reshape(options: ReshapeOptions): Reshape {
  return new Reshape(options);
}
