// Typed, validated wrappers of the normalization kernels (assembly/kernels/norm.ts). Pointers are
// arena offsets; x, y, dy, dx hold B*C f32 (row-major (B, C)); gamma, beta, dGamma, dBeta may be 0
// (Keras scale=False / center=False, or a gradient not wanted). Backward kernels accumulate.
// Keras 3 defaults: BatchNormalization momentum 0.99, epsilon 1e-3; LayerNormalization epsilon 1e-3.
import type { WasmModule } from './loader.js';
import { checkNumber } from '../src/validate.js';
import { checkCount, checkF32Buffer, checkOptionalF32Buffer } from './pointers.js';

/** Keras 3's BatchNormalization default momentum for the moving statistics. */
export const BATCH_NORM_MOMENTUM = 0.99;
/** Keras 3's BatchNormalization default epsilon. */
export const BATCH_NORM_EPSILON = 1e-3;
/** Keras 3's LayerNormalization default epsilon. */
export const LAYER_NORM_EPSILON = 1e-3;

function checkShape(fn: string, B: number, C: number): void {
  checkCount(fn, 'B', B);
  checkCount(fn, 'C', C);
  if (B * C > 0x7fffffff) checkCount(fn, 'B*C', B * C);
}

/** eps > 0 keeps invStd finite when a channel (or row) is constant. */
function checkEps(fn: string, eps: number): void {
  checkNumber(fn, 'eps', eps, 0, Infinity, { minExclusive: true });
}

/** Batch normalization, training: normalizes with batch statistics, saves mean/invStd (C), updates runMean/runVar (C). */
export function batchNormForwardTrain(
  m: WasmModule, x: number, y: number, gamma: number, beta: number, mean: number, invStd: number, runMean: number, runVar: number,
  B: number, C: number, momentum = BATCH_NORM_MOMENTUM, eps = BATCH_NORM_EPSILON,
): void {
  const fn = 'batchNormForwardTrain';
  checkShape(fn, B, C);
  checkF32Buffer(fn, 'x', m, x, B * C);
  checkF32Buffer(fn, 'y', m, y, B * C);
  checkOptionalF32Buffer(fn, 'gamma', m, gamma, C);
  checkOptionalF32Buffer(fn, 'beta', m, beta, C);
  for (const [arg, p] of [['mean', mean], ['invStd', invStd], ['runMean', runMean], ['runVar', runVar]] as const) checkF32Buffer(fn, arg, m, p, C);
  checkNumber(fn, 'momentum', momentum, 0, 1);
  checkEps(fn, eps);
  m.exports.batchNormForwardTrain(x, y, gamma, beta, mean, invStd, runMean, runVar, B, C, momentum, eps);
}

/** Batch normalization, inference: normalizes with runMean/runVar (C). */
export function batchNormForwardInfer(
  m: WasmModule, x: number, y: number, gamma: number, beta: number, runMean: number, runVar: number, B: number, C: number, eps = BATCH_NORM_EPSILON,
): void {
  const fn = 'batchNormForwardInfer';
  checkShape(fn, B, C);
  checkF32Buffer(fn, 'x', m, x, B * C);
  checkF32Buffer(fn, 'y', m, y, B * C);
  checkOptionalF32Buffer(fn, 'gamma', m, gamma, C);
  checkOptionalF32Buffer(fn, 'beta', m, beta, C);
  checkF32Buffer(fn, 'runMean', m, runMean, C);
  checkF32Buffer(fn, 'runVar', m, runVar, C);
  checkEps(fn, eps);
  m.exports.batchNormForwardInfer(x, y, gamma, beta, runMean, runVar, B, C, eps);
}

type Backward = 'batchNormBackward' | 'layerNormBackward';

function backward(
  fn: Backward, stats: number, m: WasmModule, x: number, dy: number, dx: number, gamma: number, mean: number, invStd: number,
  dGamma: number, dBeta: number, B: number, C: number,
): void {
  checkShape(fn, B, C);
  checkF32Buffer(fn, 'x', m, x, B * C);
  checkF32Buffer(fn, 'dy', m, dy, B * C);
  checkF32Buffer(fn, 'dx', m, dx, B * C);
  checkOptionalF32Buffer(fn, 'gamma', m, gamma, C);
  checkF32Buffer(fn, 'mean', m, mean, stats);
  checkF32Buffer(fn, 'invStd', m, invStd, stats);
  checkOptionalF32Buffer(fn, 'dGamma', m, dGamma, C);
  checkOptionalF32Buffer(fn, 'dBeta', m, dBeta, C);
  m.exports[fn](x, dy, dx, gamma, mean, invStd, dGamma, dBeta, B, C);
}

/** Batch normalization backward from the saved mean/invStd (C): dx, dGamma, dBeta += . */
export function batchNormBackward(
  m: WasmModule, x: number, dy: number, dx: number, gamma: number, mean: number, invStd: number, dGamma: number, dBeta: number, B: number, C: number,
): void {
  backward('batchNormBackward', C, m, x, dy, dx, gamma, mean, invStd, dGamma, dBeta, B, C);
}

/** Layer normalization over the last axis: saves mean/invStd (B). */
export function layerNormForward(
  m: WasmModule, x: number, y: number, gamma: number, beta: number, mean: number, invStd: number, B: number, C: number, eps = LAYER_NORM_EPSILON,
): void {
  const fn = 'layerNormForward';
  checkShape(fn, B, C);
  checkF32Buffer(fn, 'x', m, x, B * C);
  checkF32Buffer(fn, 'y', m, y, B * C);
  checkOptionalF32Buffer(fn, 'gamma', m, gamma, C);
  checkOptionalF32Buffer(fn, 'beta', m, beta, C);
  checkF32Buffer(fn, 'mean', m, mean, B);
  checkF32Buffer(fn, 'invStd', m, invStd, B);
  checkEps(fn, eps);
  m.exports.layerNormForward(x, y, gamma, beta, mean, invStd, B, C, eps);
}

/** Layer normalization backward from the saved mean/invStd (B): dx, dGamma, dBeta += . */
export function layerNormBackward(
  m: WasmModule, x: number, dy: number, dx: number, gamma: number, mean: number, invStd: number, dGamma: number, dBeta: number, B: number, C: number,
): void {
  backward('layerNormBackward', B, m, x, dy, dx, gamma, mean, invStd, dGamma, dBeta, B, C);
}
