// Mask flow through a sequential model (Keras's implicit masks: Embedding(mask_zero=True) creates a
// [batch, timesteps] mask, layers that support masking pass it on, recurrent layers and global
// poolings use it). Worked out once when the model is built: source[i] is the index of the layer
// whose scratch holds layer i's incoming mask, or -1. A mask arriving at a layer that cannot take
// one, or reaching the loss (Keras would weight the loss by it; we do not), is a typed error.
import type { Layer } from '../layers/layer.js';
import { SimdnetError } from '../errors.js';

export function maskSources(layers: readonly Layer[]): number[] {
  let from = -1;
  const sources = layers.map((l, i) => {
    const incoming = from;
    const behavior = l.maskBehavior();
    if (incoming >= 0 && behavior === 'none') {
      throw new SimdnetError('ERR_UNSUPPORTED', 'build', `layer '${l.name}' (${l.className}) cannot take the mask that layer '${layers[incoming].name}' (${layers[incoming].className}) creates (maskZero): put a layer that consumes it (lstm, gru, a global pooling) in between, or set maskZero: false`);
    }
    if (behavior === 'consume') from = -1;
    if (l.maskScratch() >= 0) from = i;
    if (l.inputDtype === 'int32' && i > 0) {
      throw new SimdnetError('ERR_UNSUPPORTED', 'build', `layer '${l.name}' (${l.className}) reads integer token ids and must be the first layer`);
    }
    return incoming;
  });
  if (from >= 0) {
    throw new SimdnetError('ERR_UNSUPPORTED', 'build', `the mask of layer '${layers[from].name}' (${layers[from].className}) reaches the model's output: masked losses are not supported; end with a layer that consumes it (an lstm/gru without returnSequences, a global pooling)`);
  }
  return sources;
}
