// Implicit im2col: GEMM A panels (the BLIS layout of gemmPack.ts, dst[k, W] k-major, zero-padded)
// packed straight from an NHWC image, so that the patch matrix P = im2col(x) (im2col.ts: its legend
// and layout) is never stored. The idea is cuDNN's "implicit GEMM" convolution (Chetlur et al.,
// "cuDNN: Efficient Primitives for Deep Learning", 2014, section 4) on the CPU packing of BLIS: the
// packer is the only code that reads A, so it may read P's elements from wherever they live.
//   transA = 0 (forward, Y = P · kernel): panel rows are patch rows (output pixels), k patch columns;
//   transA = 1 (dKernel = Pᵀ · dY):       panel rows are patch columns, k patch rows.
// Fast paths, the cases where P's elements form a uniformly strided 2-D block of x:
//   transA = 0: the W output pixels of a panel lie in one output row, so for one kernel row kh (DW = 1;
//     one tap kh, kw when DW > 1) their patch segments are W runs of x at a stride of SW*C floats:
//     packPanel's 4x4 transposing path packs them as it packs a stored matrix.
//   transA = 1: a whole MC block is packed at once, patch row by patch row; a row's columns are runs
//     of x (a kernel row when DW = 1, a tap otherwise), each copied into the panels it crosses.
// Anything else in transA = 0 (padding, a panel crossing an output row or a sample, a partial panel)
// goes through fillPatchRow, element by element with bounds checks; transA = 1 pads tap by tap.
// Results equal im2col + packPanel exactly: both copy the same floats (tests/kernels/convGemm.test.ts).
// The geometry lives in globals, set by setPatches before the driver runs: globals belong to one
// instance, so each thread of the pool has its own (PLATFORM.md).
import { packPanel } from './gemmPack';

let gx: usize = 0; // x [B, H, W, C]
let gR0: i32 = 0; // first patch row of the GEMM's op(A) (a thread's part of the rows)
let gK0: i32 = 0; // first patch column
let gH: i32 = 0, gW: i32 = 0, gC: i32 = 0, gKW: i32 = 0, gSH: i32 = 1, gSW: i32 = 1, gDH: i32 = 1, gDW: i32 = 1;
let gPT: i32 = 0, gPL: i32 = 0, gOH: i32 = 0, gOW: i32 = 0;

/** Sets the patch matrix the next packPatchPanel calls read (im2col.ts's arguments; r0, k0 offset it). */
export function setPatches(x: usize, r0: i32, k0: i32, H: i32, W: i32, C: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  gx = x;
  gR0 = r0;
  gK0 = k0;
  gH = H;
  gW = W;
  gC = C;
  gKW = KW;
  gSH = SH;
  gSW = SW;
  gDH = DH;
  gDW = DW;
  gPT = PT;
  gPL = PL;
  gOH = OH;
  gOW = OW;
}

/**
 * transA = 0: packs one panel of P as packPanel would pack a stored P: patch rows row0 .. row0 + w
 * (zero rows up to W), patch columns from k0 over kc values, offset by setPatches' r0, k0.
 */
export function packPatchRows(dst: usize, row0: i32, k0: i32, w: i32, W: i32, kc: i32): void {
  packRows(dst, gR0 + row0, gK0 + k0, w, W, kc);
}

/** dst + j*step = P[pr, pk + j] for j < n: one patch row's segment, zeros outside the image. */
function fillPatchRow(dst: usize, step: usize, pr: i32, pk: i32, n: i32): void {
  const C = gC, KW = gKW, W = gW, H = gH;
  const ohw = gOH * gOW;
  const b = pr / ohw;
  const oh = (pr - b * ohw) / gOW;
  const ow = pr - b * ohw - oh * gOW;
  const ih0 = oh * gSH - gPT;
  const iw0 = ow * gSW - gPL;
  const xb = gx + <usize>b * <usize>H * <usize>W * <usize>C * 4;
  const kwc = KW * C;
  let kh = pk / kwc;
  let kw = (pk - kh * kwc) / C;
  let c = pk - kh * kwc - kw * C;
  for (let j = 0; j < n; j++) {
    const ih = ih0 + kh * gDH;
    const iw = iw0 + kw * gDW;
    const inside = ih >= 0 && ih < H && iw >= 0 && iw < W;
    const v: f32 = inside ? load<f32>(xb + ((<usize>ih * <usize>W + <usize>iw) * <usize>C + <usize>c) * 4) : 0;
    store<f32>(dst + <usize>j * step, v);
    if (++c == C) {
      c = 0;
      if (++kw == KW) {
        kw = 0;
        kh++;
      }
    }
  }
}

/** dst[k, i] = 0 for i in [w, W), k < kc: the zero rows of a partial panel. */
function zeroRows(dst: usize, w: i32, W: i32, kc: i32): void {
  for (let k = 0; k < kc; k++) for (let i = w; i < W; i++) store<f32>(dst + <usize>(k * W + i) * 4, 0);
}

/** transA = 0: dst[k, i] = P[pr0 + i, pk0 + k]. */
function packRows(dst: usize, pr0: i32, pk0: i32, w: i32, W: i32, kc: i32): void {
  const C = gC, KW = gKW, OW = gOW, DW = gDW;
  const ohw = gOH * OW;
  const b = pr0 / ohw;
  const oh = (pr0 - b * ohw) / OW;
  const ow = pr0 - b * ohw - oh * OW;
  const rowBytes = <usize>W * 4;
  if (w < W || ow + W > OW) {
    for (let i = 0; i < w; i++) fillPatchRow(dst + <usize>i * 4, rowBytes, pr0 + i, pk0, kc);
    zeroRows(dst, w, W, kc);
    return;
  }
  // W pixels of output row oh: pixel i reads input column iw0 + i*SW + kw*DW of input row ih.
  const ih0 = oh * gSH - gPT;
  const iw0 = ow * gSW - gPL;
  const iwSpan = (W - 1) * gSW; // input columns between the first and the last pixel
  const xb = gx + <usize>b * <usize>gH * <usize>gW * <usize>C * 4;
  const kwc = KW * C;
  const end = pk0 + kc;
  let pk = pk0;
  while (pk < end) {
    // The run [pk, runEnd): the rest of kernel row kh (DW = 1: contiguous in x), or of tap (kh, kw).
    const kh = pk / kwc;
    const o = pk - kh * kwc;
    const kw = o / C;
    const runEnd = min(end, DW == 1 ? (kh + 1) * kwc : kh * kwc + (kw + 1) * C);
    const L = runEnd - pk;
    const d = dst + <usize>((pk - pk0) * W) * 4;
    const ih = ih0 + kh * gDH;
    const kwLast = (runEnd - 1 - kh * kwc) / C;
    if (ih < 0 || ih >= gH) {
      memory.fill(d, 0, <usize>(L * W) * 4);
    } else if (iw0 + kw * DW >= 0 && iw0 + iwSpan + kwLast * DW < gW) {
      const src = xb + ((<usize>ih * <usize>gW + <usize>(iw0 + kw * DW)) * <usize>C + <usize>(o - kw * C)) * 4;
      packPanel(d, src, <usize>(gSW * C), 1, W, W, L);
    } else {
      for (let i = 0; i < W; i++) fillPatchRow(d + <usize>i * 4, rowBytes, pr0 + i, pk, L);
    }
    pk = runEnd;
  }
}

/**
 * transA = 1, a whole MC block at once: dst holds ceil(mc / W) panels [kc, W] back to back (the
 * layout the driver's per-panel packing gives), lane j of panel p, row k = P[pr0 + k, pk0 + p*W + j],
 * zero beyond mc. Each patch row is walked once: its mc columns split into runs contiguous in x (the
 * rest of a kernel row when DW = 1, of a tap otherwise), each copied into the panels it crosses. Per
 * panel and patch row (48 panels of conv 2's 288 columns) the bookkeeping cost more than the copy.
 */
export function packPatchColumns(dst: usize, row0: i32, k0: i32, mc: i32, W: i32, kc: i32): void {
  const pk0 = gK0 + row0;
  const pr0 = gR0 + k0;
  const C = gC, KW = gKW, OW = gOW, OH = gOH, DW = gDW, H = gH, IW = gW;
  const kwc = KW * C;
  const panelBytes = <usize>(kc * W) * 4;
  const panels = (mc + W - 1) / W;
  const tail = mc - (panels - 1) * W; // lanes used in the last panel
  if (tail < W) {
    const last = dst + <usize>(panels - 1) * panelBytes;
    for (let k = 0; k < kc; k++) for (let j = tail; j < W; j++) store<f32>(last + <usize>(k * W + j) * 4, 0);
  }
  const ohw = OH * OW;
  let b = pr0 / ohw;
  let oh = (pr0 - b * ohw) / OW;
  let ow = pr0 - b * ohw - oh * OW;
  const sampleBytes = <usize>H * <usize>IW * <usize>C * 4;
  // The runs are the same in every patch row (only their bounds checks differ): start at tap
  // (kh0, kw0), channel c0, and step without divisions.
  const kh0 = pk0 / kwc;
  const kw0 = (pk0 - kh0 * kwc) / C;
  const c0 = pk0 - kh0 * kwc - kw0 * C;
  for (let k = 0; k < kc; k++) {
    const ih0 = oh * gSH - gPT;
    const iw0 = ow * gSW - gPL;
    const xb = gx + <usize>b * sampleBytes;
    let i = 0, kh = kh0, kw = kw0, c = c0;
    while (i < mc) {
      const len = DW == 1 ? kwc - kw * C - c : C - c;
      const runEnd = min(mc, i + len);
      const kwLast = DW == 1 ? (runEnd - i == len ? KW - 1 : (kw * C + c + runEnd - i - 1) / C) : kw;
      const ih = ih0 + kh * gDH;
      if (ih < 0 || ih >= H) {
        scatterRun(dst, k, i, runEnd, 0, W, panelBytes);
      } else if (iw0 + kw * DW >= 0 && iw0 + kwLast * DW < IW) {
        scatterRun(dst, k, i, runEnd, xb + ((<usize>ih * <usize>IW + <usize>(iw0 + kw * DW)) * <usize>C + <usize>c) * 4, W, panelBytes);
      } else {
        // Some taps of the run leave the image: tap by tap (C floats each, the first from channel c).
        let t = i;
        for (let q = kw; q <= kwLast; q++) {
          const first = q == kw ? c : 0;
          const tEnd = min(runEnd, t + C - first);
          const iw = iw0 + q * DW;
          const src = iw >= 0 && iw < IW ? xb + ((<usize>ih * <usize>IW + <usize>iw) * <usize>C + <usize>first) * 4 : 0;
          scatterRun(dst, k, t, tEnd, src, W, panelBytes);
          t = tEnd;
        }
      }
      i = runEnd;
      c = 0;
      if (DW == 1 || ++kw == KW) {
        kw = 0;
        kh++;
      }
    }
    if (++ow == OW) {
      ow = 0;
      if (++oh == OH) {
        oh = 0;
        b++;
      }
    }
  }
}

/** Lanes [i0, i1) of row k of the block's panels = the floats at src (0: zeros), panel by panel. */
// @ts-ignore: decorator
@inline function scatterRun(dst: usize, k: i32, i0: i32, i1: i32, src: usize, W: i32, panelBytes: usize): void {
  let p = i0 / W;
  let j = i0 - p * W;
  let i = i0;
  while (i < i1) {
    const n = min(W - j, i1 - i);
    const d = dst + <usize>p * panelBytes + <usize>(k * W + j) * 4;
    let t = 0;
    if (src == 0) {
      for (; t < n; t++) store<f32>(d + <usize>t * 4, 0);
    } else {
      // 4 floats, then 2 (one 64-bit move: W = 6 is two moves), then 1: bit copies.
      for (; t + 4 <= n; t += 4) v128.store(d + <usize>t * 4, v128.load(src + <usize>t * 4));
      if (t + 2 <= n) {
        store<u64>(d + <usize>t * 4, load<u64>(src + <usize>t * 4));
        t += 2;
      }
      if (t < n) store<f32>(d + <usize>t * 4, load<f32>(src + <usize>t * 4));
      src += <usize>n * 4;
    }
    i += n;
    p++;
    j = 0;
  }
}
