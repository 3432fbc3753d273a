// fit's and fitDataset's data arguments turned into what the training loop consumes: the training
// data with its per-row loss weights (classWeight x sampleWeight), and the validation source
// (validationData as [x, y] or [x, y, sampleWeight], a dataset, or the validationSplit hold-out,
// which takes the same last fraction of sampleWeight as of x and y, as Keras's
// train_validation_split slices every array). Everything is checked here, before training starts.
import type { Tensor } from '../tensor.js';
import type { Engine } from './engine.js';
import type { FitOptions, FitDatasetOptions } from './options.js';
import { prepare, type Prepared } from './data.js';
import { toWeightTensor } from './sampleWeight.js';
import { toTensor, sliceRows } from '../data/toTensor.js';
import { validationSplit as splitArrays } from '../data/validationSplit.js';
import type { Validation, ValidationSchedule } from './validation.js';
import { ShapeError, ValidationError } from '../errors.js';
import { checkNumber } from '../validate.js';

interface Checked {
  classWeight: Record<number, number> | null;
  checkFinite: boolean;
  validation: ValidationSchedule;
}

/** Training data and validation for fit(x, y, options). */
export function fitInputs(fn: string, engine: Engine, x: Tensor, y: Tensor, options: FitOptions, o: Checked): { data: Prepared; validation: Validation | null } {
  let sw = options.sampleWeight === undefined || options.sampleWeight === null ? null : toWeightTensor(fn, 'sampleWeight', options.sampleWeight);
  let validation: Validation | null = null;
  if (options.validationData !== undefined) {
    validation = { ...o.validation, source: { kind: 'arrays', data: validationArrays(fn, engine, options.validationData, o.checkFinite) } };
  } else if (options.validationSplit) {
    const n = x.shape[0];
    const split = splitArrays(x, y, checkNumber(fn, 'validationSplit', options.validationSplit, 0, 1));
    const at = split.train.x.shape[0];
    let valWeights = null;
    if (sw) {
      // Checked before slicing: a wrong length would otherwise surface as a confusing split size.
      if (sw.shape[0] !== n) throw new ShapeError(fn, 'sampleWeight', `a weight per sample (${n})`, `[${sw.shape.join(', ')}]`);
      valWeights = { arg: 'sampleWeight', value: sliceRows(sw, at, n) };
      sw = sliceRows(sw, 0, at);
    }
    x = split.train.x;
    y = split.train.y;
    validation = { ...o.validation, source: { kind: 'arrays', data: prepare(fn, engine, split.validation.x, split.validation.y, null, valWeights, o.checkFinite) } };
  }
  const data = prepare(fn, engine, x, y, o.classWeight, sw && { arg: 'sampleWeight', value: sw }, o.checkFinite);
  return { data, validation };
}

/** Validation for fitDataset(dataset, options): arrays as in fit, or a dataset of batches. */
export function datasetValidation(fn: string, engine: Engine, options: FitDatasetOptions, schedule: ValidationSchedule, checkFinite: boolean): Validation | null {
  const vd = options.validationData;
  if (vd === undefined) return null;
  if (Array.isArray(vd)) return { ...schedule, source: { kind: 'arrays', data: validationArrays(fn, engine, vd, checkFinite) } };
  const d = vd as unknown as Record<symbol, unknown> | null;
  if (!d || (typeof d[Symbol.asyncIterator] !== 'function' && typeof d[Symbol.iterator] !== 'function')) {
    throw new ValidationError(fn, 'validationData', 'a dataset (an iterable of {xs, ys} batches) or an [x, y] array', vd, 'ERR_INVALID_TYPE');
  }
  return { ...schedule, source: { kind: 'dataset', data: vd } };
}

/** [x, y] or [x, y, sampleWeight] (Keras accepts the 3-tuple); class weights do not apply to validation, as in Keras. */
function validationArrays(fn: string, engine: Engine, vd: unknown, finite: boolean): Prepared {
  if (!Array.isArray(vd) || (vd.length !== 2 && vd.length !== 3)) throw new ValidationError(fn, 'validationData', 'an [x, y] or [x, y, sampleWeight] array', vd);
  const sw = vd.length === 3 && vd[2] !== null && vd[2] !== undefined ? { arg: 'validationData[2]', value: toWeightTensor(fn, 'validationData[2]', vd[2]) } : null;
  return prepare(fn, engine, toTensor(fn, 'validationData[0]', vd[0]), toTensor(fn, 'validationData[1]', vd[1]), null, sw, finite);
}
