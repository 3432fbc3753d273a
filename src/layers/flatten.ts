// Flatten: [batch, d1, d2, ...] -> [batch, d1 * d2 * ...]. Memory is row-major, so this is a no-op on
// data: the model gives the layer's output and gradient the input's buffers (aliasesInput).
import { Layer, LAYER_OPTION_KEYS, type LayerOptions } from './layer.js';
import { ValidationError } from '../errors.js';
import { checkKeys } from '../validate.js';

/** The layer `flatten()` makes: reshapes each sample to one row (a view, no copy; Keras Flatten). */
export class Flatten extends Layer {
  readonly className = 'Flatten';
  override readonly aliasesInput = true;

  constructor(options: LayerOptions = {}) {
    if (options === null || typeof options !== 'object') throw new ValidationError('flatten', 'options', 'an options object', options, 'ERR_INVALID_TYPE');
    checkKeys('flatten', options, LAYER_OPTION_KEYS);
    super('flatten', options);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [inputShape.reduce((a, b) => a * b, 1)];
  }

  forward(): void {}
  backward(): void {}
}

/** Flattens each sample to one dimension (Keras `Flatten`). */
export function flatten(options: LayerOptions = {}): Flatten {
  return new Flatten(options);
}
