// Self-contained HTML training reports with learning curves.
export { renderReport, writeReport, chartsFor } from './html.js';
export type { ReportData, Chart } from './html.js';
