// Keras 3 keras.callbacks.LambdaCallback: a callback made of the hooks you pass, e.g.
// `lambdaCallback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss) })`.
// Any object with some of the Callback hooks is accepted by fit as well; this only validates them.
import type { Callback } from './callback.js';
import { ValidationError } from '../errors.js';

const HOOKS = ['setModel', 'setParams', 'onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;

/**
 * A callback made of the hooks you pass, validated (Keras LambdaCallback), e.g. `lambdaCallback({
 * onEpochEnd: (epoch, logs) => console.log(logs.loss) })`.
 */
export function lambdaCallback(hooks: Callback): Callback {
  if (hooks === null || typeof hooks !== 'object') throw new ValidationError('lambdaCallback', 'hooks', 'an object of callback functions', hooks, 'ERR_INVALID_TYPE');
  const out: Record<string, unknown> = {};
  for (const [key, fn] of Object.entries(hooks)) {
    if (!(HOOKS as readonly string[]).includes(key)) throw new ValidationError('lambdaCallback', key, `one of the hooks (${HOOKS.join(', ')})`, key);
    if (typeof fn !== 'function') throw new ValidationError('lambdaCallback', key, 'a function', fn, 'ERR_INVALID_TYPE');
    out[key] = fn;
  }
  return out as Callback;
}
