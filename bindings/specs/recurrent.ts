// Registry rows for the recurrent-cell kernels (assembly/kernels/recurrent.ts) and Bidirectional's
// merge (assembly/kernels/merge.ts). Sizes: B batch, U units, I/J/C the rows, columns and row width of
// seqTranspose, n the merged floats.
// Flop counts are of the pointwise work only (the GEMMs are sgemm calls made by the layers).
import type { KernelSpec } from '../registry.js';

const f = 'recurrent' as const;
const bu = (s: Record<string, number>) => s.B * s.U;

export const recurrentKernels: KernelSpec[] = [
  { name: 'seqTranspose', family: f, args: ['src:(I,J,lds)', 'lds', 'dst:(J,I,ldd)', 'ldd', 'I', 'J', 'C', 'flags'], doc: 'dst row (j,i) (+)= src row (i,j), C floats; flags 1/2 reverse i/j, 4 accumulates', bytes: (s) => 8 * s.I * s.J * s.C },
  { name: 'lstmStepForward', family: f, args: ['gates:(B,4U)', 'cPrev:(B,U)', 'c:(B,U)', 'hPrev:(B,U)', 'h:(B,U)', 'tc:(B,U)', 'mask:(B)', 'B', 'U', 'act', 'recAct'], doc: 'activates [i|f|c|o] in place; c = f*cPrev + i*g, h = o*act(c); masked rows carry the state', flops: (s) => 60 * bu(s), bytes: (s) => 4 * 11 * bu(s) },
  { name: 'lstmStepBackward', family: f, args: ['gates:(B,4U)', 'cPrev:(B,U)', 'tc:(B,U)', 'dh:(B,U)', 'dc:(B,U)', 'dz:(B,4U)', 'dhPrev:(B,U)', 'mask:(B)', 'B', 'U', 'act', 'recAct'], doc: 'gate pre-activation gradients dz; dc becomes dL/dc_{t-1}; dhPrev += dh for masked rows', flops: (s) => 20 * bu(s), bytes: (s) => 4 * 14 * bu(s) },
  { name: 'gruGatesForward', family: f, args: ['gates:(B,3U)', 'rh:(B,3U)', 'hPrev:(B,U)', 'rhp:(B,U)', 'B', 'U', 'recAct'], doc: 'z, r = recAct(x-part + h-part) in place; rhp = r*hPrev when rhp is not 0', flops: (s) => 30 * bu(s), bytes: (s) => 4 * 8 * bu(s) },
  { name: 'gruCandidateForward', family: f, args: ['gates:(B,3U)', 'rh:(B,3U)', 'hPrev:(B,U)', 'h:(B,U)', 'mask:(B)', 'B', 'U', 'act', 'resetAfter'], doc: 'hh = act(gh + r*rhh) or act(gh + rhh); h = z*hPrev + (1-z)*hh; masked rows carry hPrev', flops: (s) => 20 * bu(s), bytes: (s) => 4 * 6 * bu(s) },
  { name: 'gruCandidateBackward', family: f, args: ['gates:(B,3U)', 'rh:(B,3U)', 'hPrev:(B,U)', 'dh:(B,U)', 'dxz:(B,3U)', 'drh:(B,3U)', 'dhPrev:(B,U)', 'mask:(B)', 'B', 'U', 'act', 'recAct', 'resetAfter'], doc: 'pre-activation gradients of z and hh (and r when resetAfter); dhPrev += dh*z', flops: (s) => 16 * bu(s), bytes: (s) => 4 * 16 * bu(s) },
  { name: 'gruResetBackward', family: f, args: ['gates:(B,3U)', 'hPrev:(B,U)', 'drhp:(B,U)', 'dxz:(B,3U)', 'drh:(B,3U)', 'dhPrev:(B,U)', 'B', 'U', 'recAct'], doc: 'resetAfter false: dr = drhp*hPrev*recAct\'(r) into dxz and drh; dhPrev += drhp*r', flops: (s) => 6 * bu(s), bytes: (s) => 4 * 7 * bu(s) },
  { name: 'mergeForward', family: f, args: ['a:(n)', 'b:(n)', 'y:(n)', 'n', 'mode'], doc: 'y = a + b, a * b or (a + b) / 2 (mode 0 sum, 1 mul, 2 ave)', flops: (s) => s.n, bytes: (s) => 12 * s.n },
  { name: 'mergeBackward', family: f, args: ['a:(n)', 'b:(n)', 'dy:(n)', 'da:(n)', 'db:(n)', 'n', 'mode'], doc: 'da, db written: dy (sum), dy*b and dy*a (mul), dy/2 (ave)', flops: (s) => 2 * s.n, bytes: (s) => 20 * s.n },
];
