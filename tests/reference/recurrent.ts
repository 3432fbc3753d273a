// Plain-TypeScript references for the recurrent-cell kernels (assembly/kernels/recurrent.ts), keyed by wasm export
// name: the same arguments with arrays for pointers (null for a 0 pointer) and f64 arithmetic.
// Activation codes as in bindings/codes.ts (linear 0, relu 1, sigmoid 8, tanh 9, hardSigmoid 12).
type A = Float32Array;
type M = Float32Array | null;

export function cellAct(code: number, x: number): number {
  switch (code) {
    case 1: return Math.max(x, 0);
    case 8: return 1 / (1 + Math.exp(-x));
    case 9: return Math.tanh(x);
    case 12: return Math.min(Math.max(x + 3, 0), 6) / 6;
    default: return x;
  }
}

/** f'(x) from y = f(x). */
export function cellGrad(code: number, y: number): number {
  switch (code) {
    case 1: return y > 0 ? 1 : 0;
    case 8: return y * (1 - y);
    case 9: return 1 - y * y;
    case 12: return y > 0 && y < 1 ? 1 / 6 : 0;
    default: return 1;
  }
}

export function seqTranspose(src: A, lds: number, dst: A, ldd: number, I: number, J: number, C: number, flags: number): void {
  for (let i = 0; i < I; i++) {
    for (let j = 0; j < J; j++) {
      const ii = flags & 1 ? I - 1 - i : i;
      const jj = flags & 2 ? J - 1 - j : j;
      for (let c = 0; c < C; c++) {
        const v = src[(i * J + j) * lds + c];
        const d = (jj * I + ii) * ldd + c;
        dst[d] = flags & 4 ? dst[d] + v : v;
      }
    }
  }
}

const isMasked = (mask: M, b: number) => mask !== null && mask[b] === 0;

export function lstmStepForward(gates: A, cPrev: A, c: A, hPrev: A, h: A, tc: A, mask: M, B: number, U: number, act: number, recAct: number): void {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) {
      const r = b * U + j;
      if (isMasked(mask, b)) {
        c[r] = cPrev[r];
        h[r] = hPrev[r];
        continue;
      }
      const g = b * 4 * U + j;
      const i = cellAct(recAct, gates[g]);
      const f = cellAct(recAct, gates[g + U]);
      const cc = cellAct(act, gates[g + 2 * U]);
      const o = cellAct(recAct, gates[g + 3 * U]);
      gates[g] = i;
      gates[g + U] = f;
      gates[g + 2 * U] = cc;
      gates[g + 3 * U] = o;
      c[r] = f * cPrev[r] + i * cc;
      tc[r] = cellAct(act, c[r]);
      h[r] = o * tc[r];
    }
  }
}

export function lstmStepBackward(gates: A, cPrev: A, tc: A, dh: A, dc: A, dz: A, dhPrev: A, mask: M, B: number, U: number, act: number, recAct: number): void {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) {
      const r = b * U + j;
      const g = b * 4 * U + j;
      if (isMasked(mask, b)) {
        for (let q = 0; q < 4; q++) dz[g + q * U] = 0;
        dhPrev[r] += dh[r];
        continue;
      }
      const [i, f, cc, o] = [gates[g], gates[g + U], gates[g + 2 * U], gates[g + 3 * U]];
      const dcc = dc[r] + dh[r] * o * cellGrad(act, tc[r]);
      dz[g] = dcc * cc * cellGrad(recAct, i);
      dz[g + U] = dcc * cPrev[r] * cellGrad(recAct, f);
      dz[g + 2 * U] = dcc * i * cellGrad(act, cc);
      dz[g + 3 * U] = dh[r] * tc[r] * cellGrad(recAct, o);
      dc[r] = dcc * f;
    }
  }
}

export function gruGatesForward(gates: A, rh: A, hPrev: A, rhp: M, B: number, U: number, recAct: number): void {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) {
      const g = b * 3 * U + j;
      gates[g] = cellAct(recAct, gates[g] + rh[g]);
      gates[g + U] = cellAct(recAct, gates[g + U] + rh[g + U]);
      if (rhp) rhp[b * U + j] = gates[g + U] * hPrev[b * U + j];
    }
  }
}

export function gruCandidateForward(gates: A, rh: A, hPrev: A, h: A, mask: M, B: number, U: number, act: number, resetAfter: number): void {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) {
      const r = b * U + j;
      const g = b * 3 * U + j;
      if (isMasked(mask, b)) {
        h[r] = hPrev[r];
        continue;
      }
      const z = gates[g];
      const rhh = rh[g + 2 * U];
      const hh = cellAct(act, gates[g + 2 * U] + (resetAfter ? gates[g + U] * rhh : rhh));
      gates[g + 2 * U] = hh;
      h[r] = z * hPrev[r] + (1 - z) * hh;
    }
  }
}

export function gruCandidateBackward(gates: A, rh: A, hPrev: A, dh: A, dxz: A, drh: A, dhPrev: A, mask: M, B: number, U: number, act: number, recAct: number, resetAfter: number): void {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) {
      const r = b * U + j;
      const g = b * 3 * U + j;
      if (isMasked(mask, b)) {
        for (let q = 0; q < 3; q++) dxz[g + q * U] = drh[g + q * U] = 0;
        dhPrev[r] += dh[r];
        continue;
      }
      const [z, rg, hh] = [gates[g], gates[g + U], gates[g + 2 * U]];
      const dpre = dh[r] * (1 - z) * cellGrad(act, hh);
      const dzz = dh[r] * (hPrev[r] - hh) * cellGrad(recAct, z);
      dxz[g] = drh[g] = dzz;
      dxz[g + 2 * U] = dpre;
      drh[g + 2 * U] = resetAfter ? dpre * rg : dpre;
      if (resetAfter) dxz[g + U] = drh[g + U] = dpre * rh[g + 2 * U] * cellGrad(recAct, rg);
      dhPrev[r] += dh[r] * z;
    }
  }
}

export function gruResetBackward(gates: A, hPrev: A, drhp: A, dxz: A, drh: A, dhPrev: A, B: number, U: number, recAct: number): void {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) {
      const r = b * U + j;
      const g = b * 3 * U + U + j;
      dxz[g] = drh[g] = drhp[r] * hPrev[r] * cellGrad(recAct, gates[g]);
      dhPrev[r] += drhp[r] * gates[g];
    }
  }
}

export function mergeForward(a: A, b: A, y: A, n: number, mode: number): void {
  for (let i = 0; i < n; i++) y[i] = mode === 1 ? a[i] * b[i] : mode === 2 ? (a[i] + b[i]) / 2 : a[i] + b[i];
}

export function mergeBackward(a: A, b: A, dy: A, da: A, db: A, n: number, mode: number): void {
  for (let i = 0; i < n; i++) {
    da[i] = mode === 1 ? dy[i] * b[i] : mode === 2 ? dy[i] / 2 : dy[i];
    db[i] = mode === 1 ? dy[i] * a[i] : mode === 2 ? dy[i] / 2 : dy[i];
  }
}

export const recurrentReferences: Record<string, Function> = {
  seqTranspose, lstmStepForward, lstmStepBackward, gruGatesForward, gruCandidateForward, gruCandidateBackward, gruResetBackward, mergeForward, mergeBackward,
};
