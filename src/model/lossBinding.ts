// Which loss kernel and metrics a compiled model runs (model.compile). A final softmax or sigmoid is
// fused into the loss when the loss takes probabilities (fromLogits false) and has a fused
// from-logits kernel for that activation: the last layer then stops at logits and the kernel computes
// activation and loss together (stable, and one pass). Metric 'accuracy' resolves as Keras does:
// binary for one output unit, else sparse or categorical after the loss. Weighted metrics
// (compile's weightedMetrics) follow the plain ones, with Keras's log keys (src/metrics/logNames.ts).
import type { Layer } from '../layers/layer.js';
import type { LossBinding } from './engine.js';
import type { Loss } from '../losses/loss.js';
import { resolveMetric, type Metric } from '../metrics/metric.js';
import { ValidationError } from '../errors.js';
import { metricLogNames } from '../metrics/logNames.js';

export function lossBinding(last: Layer, units: number, loss: Loss, metrics: readonly Metric[], weightedMetrics: readonly Metric[] = []): LossBinding {
  const fn = 'compile';
  const final = last.finalActivation();
  const fused = !loss.fromLogits && loss.fuses && final && final.name === loss.fuses ? final : null;
  const kernel = fused || loss.fromLogits ? loss.logitsKernel : loss.outputKernel;
  if (!kernel) throw new ValidationError(fn, 'loss', 'a loss that supports fromLogits', loss.name);
  const keys = metricLogNames(metrics.map((m) => m.name), weightedMetrics.map((m) => m.name));
  const resolve = (arg: string, list: readonly Metric[], names: string[], weighted: boolean) =>
    list.map((m, i) => {
      const kind = resolveMetric(m, loss, units);
      if ((kind === 'sparseCategoricalAccuracy') !== loss.sparse) {
        throw new ValidationError(fn, `${arg}[${i}]`, `a metric that reads the targets of ${loss.name} (${loss.sparse ? 'integer labels' : 'one-hot or real values'})`, m.name);
      }
      return { name: names[i], kind, weighted };
    });
  return { loss, fused, kernel, metrics: [...resolve('metrics', metrics, keys.plain, false), ...resolve('weightedMetrics', weightedMetrics, keys.weighted, true)] };
}
