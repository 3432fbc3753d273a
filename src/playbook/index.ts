// The playbook: a budgeted, paired ablation of the training strategies on the user's data.
export { playbook } from './playbook.js';
export type { PlaybookOptions } from './playbook.js';
export { playbookJson } from './results.js';
export type { PlaybookResult, ArmResult } from './results.js';
export { BudgetError, parseBudget } from './budget.js';
export type { Budget } from './budget.js';
export { STRATEGY_NAMES } from './arms.js';
export type { StrategyName, StrategySelection, SettingValue } from './arms.js';
export { BASE_MODELS, MLP_MODELS, MNIST_CNN } from './models.js';
export type { ModelSpec, ModelChoice, MlpSpec, CnnSpec } from './models.js';
export type { RunConfig, DataKind } from './config.js';
export { pairedComparison, verdictOf, t975 } from './stats.js';
export type { Verdict, Comparison } from './stats.js';
export type { MetricName } from './run.js';
export type { PlaybookData } from './task.js';
export { playbookReportHtml } from './report.js';
