// The strategies of the playbook, one row each: the settings tried by default and how a setting
// changes the baseline configuration. An arm is one (strategy, setting) pair; it differs from
// the baseline in that one field. `strategies` in the playbook options selects rows and may
// override their settings (e.g. { l2: [1e-2] }); an unknown name is a typed error.
// A strategy that changes the training data each epoch (augmentation) trains until it converges
// (`converges`: up to `convergeEpochs` epochs, early stopping on the validation loss) and is
// compared with the baseline trained the same way (the converge control, playbook.ts), not with
// the fixed-epoch baseline: at 10 epochs augmented training has not caught up (MNIST, 1,000
// images: -7.3 points at 10 epochs, +5.3 at 40, docs/playbook.md), while training both longer
// alone would credit the augmentation with what the longer training gives. The data-size points
// converge too: 10% of the rows for 10 epochs is a tenth of the baseline's optimizer steps, so a
// fixed length reads an under-trained model, not the value of the data (the learning curve of
// "would more data help?" compares models trained to convergence at each size; their 100% point
// is the converge control).
import { ValidationError } from '../errors.js';
import { converged, type ActivationName, type DataKind, type OptimizerName, type RunConfig, type ScheduleName } from './config.js';

/** A training strategy the playbook can test against its baseline. */
export type StrategyName = 'dataSize' | 'l1' | 'l2' | 'dropout' | 'earlyStopping' | 'batchNorm' | 'activation' | 'schedule' | 'optimizer' | 'augmentation';
/** One setting of a strategy (a rate, a name, a flag). */
export type SettingValue = number | string | boolean;

export interface Strategy {
  name: StrategyName;
  /** Default settings, in the order they are tried. */
  settings: SettingValue[];
  /** The data kinds it applies to (default all). */
  kinds?: DataKind[];
  /** False for the data-size curve: its points are all run whatever they score (the curve needs them). */
  prunable: boolean;
  /** Whether the strategy can enter the final configuration (a smaller training set never does). */
  combinable: boolean;
  /** Trains until convergence and is compared with the converge control (see the header). */
  converges?: boolean;
  /** The configuration with this setting; `check` validates a user-given value. */
  apply(c: RunConfig, v: SettingValue): RunConfig;
  check(v: unknown): boolean;
}

const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const ACTIVATIONS: ActivationName[] = ['relu', 'tanh', 'sigmoid', 'gelu'];
const SCHEDULES: ScheduleName[] = ['stepDecay', 'exponentialDecay', 'cosineWarmup', 'oneCycle'];
const OPTIMIZERS: OptimizerName[] = ['adam', 'adamW', 'nadam', 'sgd', 'rmsprop'];

export const STRATEGIES: readonly Strategy[] = [
  { name: 'dataSize', settings: [0.1, 0.25, 0.5], prunable: false, combinable: false, converges: true, apply: (c, v) => ({ ...c, fraction: v as number }), check: (v) => positive(v) && (v as number) <= 1 },
  { name: 'l1', settings: [1e-5, 1e-4], prunable: true, combinable: true, apply: (c, v) => ({ ...c, l1: v as number }), check: positive },
  { name: 'l2', settings: [1e-4, 1e-3], prunable: true, combinable: true, apply: (c, v) => ({ ...c, l2: v as number }), check: positive },
  { name: 'dropout', settings: [0.2, 0.5], prunable: true, combinable: true, apply: (c, v) => ({ ...c, dropout: v as number }), check: (v) => positive(v) && (v as number) < 1 },
  { name: 'earlyStopping', settings: [true], prunable: true, combinable: true, apply: (c) => ({ ...c, earlyStopping: true }), check: (v) => v === true },
  { name: 'batchNorm', settings: [true], prunable: true, combinable: true, apply: (c) => ({ ...c, batchNorm: true }), check: (v) => v === true },
  { name: 'activation', settings: ACTIVATIONS, prunable: true, combinable: true, apply: (c, v) => ({ ...c, activation: v as ActivationName }), check: (v) => ACTIVATIONS.includes(v as ActivationName) },
  { name: 'schedule', settings: SCHEDULES, prunable: true, combinable: true, apply: (c, v) => ({ ...c, schedule: v as ScheduleName }), check: (v) => SCHEDULES.includes(v as ScheduleName) },
  { name: 'optimizer', settings: ['adam', 'adamW', 'sgd'], prunable: true, combinable: true, apply: (c, v) => ({ ...c, optimizer: v as OptimizerName, learningRate: null }), check: (v) => OPTIMIZERS.includes(v as OptimizerName) },
  // 'flip' adds a horizontal flip to the image layers: opt-in, as it changes what digits and text mean.
  { name: 'augmentation', settings: [true], kinds: ['image', 'text'], prunable: true, combinable: true, converges: true, apply: (c, v) => ({ ...c, augment: v === 'flip' ? 'flip' : true }), check: (v) => v === true || v === 'flip' },
];

/** Every strategy the playbook knows, in the order it tries them. */
export const STRATEGY_NAMES = STRATEGIES.map((s) => s.name);

export interface Arm {
  /** `${strategy}=${setting}`: the arm's key in the journal and the result. */
  id: string;
  strategy: StrategyName;
  setting: SettingValue;
  config: RunConfig;
  prunable: boolean;
  /** Paired with the converge control instead of the baseline. */
  converges: boolean;
}

/**
 * The configuration of `setting` of strategy `s` applied to `c`; a converging strategy's also
 * trains up to `convergeEpochs` epochs with early stopping (config.converged).
 */
export function applySetting(s: Strategy, c: RunConfig, v: SettingValue, convergeEpochs: number): RunConfig {
  const out = s.apply(c, v);
  return s.converges ? converged(out, convergeEpochs) : out;
}

/**
 * Which strategies a playbook tests: a list of names (each with its default settings), or names mapped to
 * the settings to try (`true`: the defaults).
 */
export type StrategySelection = StrategyName[] | Partial<Record<StrategyName, SettingValue[] | true>>;

/**
 * The arms for a baseline and a data kind. Settings equal to the baseline (relu when the baseline
 * is relu, rmsprop...) are left out: their difference is zero by construction.
 */
export function makeArms(fn: string, base: RunConfig, kind: DataKind, selection: StrategySelection | undefined, convergeEpochs: number): Arm[] {
  let chosen: [Strategy, SettingValue[]][];
  if (selection === undefined) chosen = STRATEGIES.map((s) => [s, s.settings]);
  else {
    const entries: [string, SettingValue[] | true][] = Array.isArray(selection) ? selection.map((n) => [n, true]) : Object.entries(selection) as [string, SettingValue[] | true][];
    if (!Array.isArray(selection) && (selection === null || typeof selection !== 'object')) throw new ValidationError(fn, 'strategies', 'an array of strategy names or { name: settings }', selection, 'ERR_INVALID_TYPE');
    chosen = entries.map(([name, settings]) => {
      const s = STRATEGIES.find((t) => t.name === name);
      if (!s) throw new ValidationError(fn, 'strategies', `strategy names among ${STRATEGY_NAMES.join(', ')}`, name);
      const values = settings === true ? s.settings : settings;
      if (!Array.isArray(values) || values.length === 0) throw new ValidationError(fn, `strategies.${name}`, 'true or a non-empty array of settings', settings);
      for (const v of values) if (!s.check(v)) throw new ValidationError(fn, `strategies.${name}`, `valid settings for ${name}`, v);
      return [s, values];
    });
  }
  const arms: Arm[] = [];
  for (const [s, values] of chosen) {
    if (s.kinds && !s.kinds.includes(kind)) continue;
    for (const v of values) {
      // Compared before the converge regime: an augmentation that equals the baseline is no arm.
      if (JSON.stringify(s.apply(base, v)) === JSON.stringify(base)) continue;
      const config = applySetting(s, base, v, convergeEpochs);
      arms.push({ id: `${s.name}=${v}`, strategy: s.name, setting: v, config, prunable: s.prunable, converges: s.converges === true });
    }
  }
  return arms;
}

export function strategyOf(name: StrategyName): Strategy {
  return STRATEGIES.find((s) => s.name === name) as Strategy;
}
