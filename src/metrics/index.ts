export { METRIC_NAMES } from './metric.js';
export type { Metric, MetricKind, MetricIdentifier } from './metric.js';
