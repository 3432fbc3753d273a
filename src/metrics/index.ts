export { METRIC_NAMES } from './metric.js';
export type { Metric, MetricKind } from './metric.js';
