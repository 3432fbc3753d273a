// Registry rows for the optimizer steps (assembly/kernels/optim.ts). Every step updates a flat
// arena of n parameters in one call; argument order is shared by all of them:
//   (p, g, state..., n, lr, hyperparameters..., t, gradScale, clipValue, weightDecay, flags...)
// Per element: g' = clip(g * gradScale, +-clipValue) (clip only when clipValue > 0), then
// p -= p * weightDecay * lr (only when weightDecay != 0), then the Keras 3 update of that optimizer.
// t is the 1-based step (Keras iterations + 1). Bytes count each buffer read or written once.
// The trailing j* pointers are the undo journal (assembly/kernels/optim.ts header; 0 = none): with
// jp != 0 each buffer's value before the step is stored there in the same pass (src/model/stepGuard.ts
// copies it back after a non-finite step). Every step returns the count of non-finite p after it.
import type { KernelSpec } from '../registry.js';

const COMMON = ['t', 'gradScale', 'clipValue', 'weightDecay'] as const;
const f = 4;

export const optimKernels: KernelSpec[] = [
  {
    name: 'sgdStep',
    family: 'optim',
    args: ['p:(n)', 'g:(n)', 'v:(n) or 0', 'n', 'lr', 'momentum', ...COMMON, 'nesterov', 'jp:(n) or 0', 'jv:(n) or 0'],
    doc: 'Keras SGD: v = momentum*v - lr*g; p += v (nesterov: p += momentum*v - lr*g); momentum 0: p -= lr*g',
    flops: (s) => 6 * s.n,
    bytes: (s) => 5 * f * s.n,
  },
  {
    name: 'rmspropStep',
    family: 'optim',
    args: ['p:(n)', 'g:(n)', 'vel:(n)', 'mom:(n) or 0', 'avg:(n) or 0', 'n', 'lr', 'rho', 'momentum', 'epsilon', ...COMMON, 'centered', 'jp:(n) or 0', 'jvel:(n) or 0', 'jmom:(n) or 0', 'javg:(n) or 0'],
    doc: 'Keras RMSprop: vel = rho*vel + (1-rho)*g^2; p -= lr*g/sqrt(vel + eps) (centered: vel - avg^2; momentum)',
    flops: (s) => 12 * s.n,
    bytes: (s) => 5 * f * s.n, // plain: p and vel read+written, g read (centered/momentum add 2 each)
  },
  {
    name: 'adamStep',
    family: 'optim',
    args: ['p:(n)', 'g:(n)', 'm:(n)', 'v:(n)', 'vhat:(n) or 0', 'n', 'lr', 'beta1', 'beta2', 'epsilon', ...COMMON, 'amsgrad', 'jp:(n) or 0', 'jm:(n) or 0', 'jv:(n) or 0', 'jvhat:(n) or 0'],
    doc: 'Keras Adam/AdamW: m, v EMAs; p -= m*lr*sqrt(1-b2^t)/(1-b1^t) / (sqrt(v) + eps) (amsgrad: max of v)',
    flops: (s) => 14 * s.n,
    bytes: (s) => 7 * f * s.n,
  },
  {
    name: 'adagradStep',
    family: 'optim',
    args: ['p:(n)', 'g:(n)', 'acc:(n)', 'n', 'lr', 'epsilon', ...COMMON, 'jp:(n) or 0', 'jacc:(n) or 0'],
    doc: 'Keras Adagrad: acc += g^2; p -= lr*g/sqrt(acc + eps) (acc starts at 0.1)',
    flops: (s) => 9 * s.n,
    bytes: (s) => 5 * f * s.n,
  },
  {
    name: 'adadeltaStep',
    family: 'optim',
    args: ['p:(n)', 'g:(n)', 'accGrad:(n)', 'accDelta:(n)', 'n', 'lr', 'rho', 'epsilon', ...COMMON, 'jp:(n) or 0', 'jAccGrad:(n) or 0', 'jAccDelta:(n) or 0'],
    doc: 'Keras Adadelta: delta = -sqrt(accDelta+eps)*g/sqrt(accGrad+eps); p += lr*delta',
    flops: (s) => 18 * s.n,
    bytes: (s) => 7 * f * s.n,
  },
  {
    name: 'adamaxStep',
    family: 'optim',
    args: ['p:(n)', 'g:(n)', 'm:(n)', 'u:(n)', 'n', 'lr', 'beta1', 'beta2', 'epsilon', ...COMMON, 'jp:(n) or 0', 'jm:(n) or 0', 'ju:(n) or 0'],
    doc: 'Keras Adamax: u = max(b2*u, |g|); p -= lr*m/((1-b1^t)*(u + eps))',
    flops: (s) => 12 * s.n,
    bytes: (s) => 7 * f * s.n,
  },
  {
    name: 'nadamStep',
    family: 'optim',
    args: ['p:(n)', 'g:(n)', 'm:(n)', 'v:(n)', 'n', 'lr', 'beta1', 'beta2', 'epsilon', ...COMMON, 'uProduct', 'jp:(n) or 0', 'jm:(n) or 0', 'jv:(n) or 0'],
    doc: 'Keras Nadam: Adam with Nesterov momentum and the 0.96 momentum-cache schedule (uProduct = u_1...u_t, kept by the caller)',
    flops: (s) => 18 * s.n,
    bytes: (s) => 7 * f * s.n,
  },
  {
    name: 'addRegularizerGrad',
    family: 'optim',
    args: ['p:(n)', 'g:(n)', 'n', 'l1', 'l2'],
    doc: 'g += l1*sign(p) + 2*l2*p (gradient of the Keras L1L2 penalty), per layer before the step',
    flops: (s) => 6 * s.n,
    bytes: (s) => 3 * f * s.n,
  },
];
