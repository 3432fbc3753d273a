// The list of GEMM variants (assembly/kernels/gemmVariants.ts): register tile x cache blocking, and
// which builds contain them. One list drives the tests (tests/kernels/gemmVariants.test.ts runs every
// variant against the float64 reference), the benches (bench/cases/gemm.ts, bench/gemm.bench.ts) and
// the probe that picks one per shape class at ready() (gemmSelect.ts).
// Names follow XNNPACK's (`f32_gemm_6x8__wasmrelaxedsimd_fma_loadsplat`): tile, instruction set,
// how A is broadcast; then the blocking. The code is what the wasm side takes: tile | blocking << 4.
import type { BuildName } from './loader.js';

export interface GemmTile {
  /** Short name: MR x NR, `s` for shuffle-splat A. */
  readonly name: string;
  readonly mr: number;
  readonly nr: number;
  /** A broadcast: one load32_splat per row, or one v128 load and lane shuffles. */
  readonly splat: 'loadsplat' | 'splat';
  /** Compiled into the relaxed builds only (needs a fused madd to fit the registers). */
  readonly relaxedOnly: boolean;
}

/** Index = tile code (the wasm side's T4X8...). */
export const GEMM_TILES: readonly GemmTile[] = [
  { name: '4x8', mr: 4, nr: 8, splat: 'loadsplat', relaxedOnly: false },
  { name: '4x8s', mr: 4, nr: 8, splat: 'splat', relaxedOnly: false },
  { name: '3x12', mr: 3, nr: 12, splat: 'loadsplat', relaxedOnly: false },
  { name: '2x16', mr: 2, nr: 16, splat: 'loadsplat', relaxedOnly: false },
  { name: '6x8', mr: 6, nr: 8, splat: 'loadsplat', relaxedOnly: true },
  { name: '6x8s', mr: 6, nr: 8, splat: 'splat', relaxedOnly: true },
  { name: '5x8', mr: 5, nr: 8, splat: 'loadsplat', relaxedOnly: true },
];

/** Index = blocking code. B1 is the small-K blocking (dW with K = batch). One KC for all: same bits whichever runs. */
export const GEMM_BLOCKINGS: readonly { readonly name: string; readonly mc: number; readonly kc: number; readonly nc: number }[] = [
  { name: 'b0', mc: 120, kc: 256, nc: 512 },
  { name: 'b1', mc: 240, kc: 256, nc: 256 },
];

export interface GemmVariant {
  /** `${tile}.${blocking}`, e.g. '6x8.b0': what a saved selection stores. */
  readonly key: string;
  /** XNNPACK-style name for reports, e.g. 'gemm_6x8__wasmrelaxedsimd_loadsplat_mc120kc256nc512'. */
  readonly name: string;
  /** tile | blocking << 4, the argument of the sgemmVariant export. */
  readonly code: number;
  readonly tile: GemmTile;
}

/** The variants a build contains, 4x8.b0 (the safe default, code 0) first. */
export function gemmVariants(build: BuildName): GemmVariant[] {
  const relaxed = build === 'relaxed';
  const isa = relaxed ? 'wasmrelaxedsimd' : 'wasmsimd';
  const out: GemmVariant[] = [];
  GEMM_BLOCKINGS.forEach((b, bi) => {
    GEMM_TILES.forEach((t, ti) => {
      if (t.relaxedOnly && !relaxed) return;
      out.push({ key: `${t.name}.${b.name}`, name: `gemm_${t.mr}x${t.nr}__${isa}_${t.splat}_mc${b.mc}kc${b.kc}nc${b.nc}`, code: ti | (bi << 4), tile: t });
    });
  });
  return out;
}

/** Shape classes of the dispatch rule (assembly/kernels/gemmVariants.ts), index = class code. */
export const GEMM_CLASSES = ['NN', 'NT', 'TN', 'TT', 'narrowN', 'smallK'] as const;
export type GemmClass = (typeof GEMM_CLASSES)[number];
