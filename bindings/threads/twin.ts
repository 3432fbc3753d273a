// The single-thread twin of the default threaded module: the plain (non-shared memory) build of the
// same name (relaxed or plain), instantiated once, on first need, with the threaded module's GEMM
// selection, so that a model moved onto it computes bit for bit what it computes on the pool (the
// kernels are the same sources; a split is bit-identical to one call, gemm.ts and elementwise.ts).
// Why a second instance: a model whose calls never split still pays for the threads build on every
// step. On a shared memory V8 copies from JavaScript with relaxed word stores instead of memcpy
// (the 16,705-parameter model's batch copy: 38.5 us a step against 28.6 on the single-thread
// module, BENCHMARKS.md "The small model's cost beside one thread, taken apart"), and the pool's
// wrappers and idle workers cost 1.5-3% beside busy loops ("the idle pool taken apart"), 6-11% of
// such a model's step in all, against issue 18 item 12's bound of 5%. src/model/placement.ts
// decides which models run here.
import { instantiate, type WasmModule } from '../loader.js';
import { applyGemmSelection, gemmSelection } from '../gemmSelect.js';

const twins = new WeakMap<WasmModule, Promise<WasmModule>>();

/** The single-thread twin of threaded module `m` (m itself when it has no pool), its GEMM selection refreshed from m's. */
export async function singleThreadTwin(m: WasmModule): Promise<WasmModule> {
  if (!m.pool) return m;
  let p = twins.get(m);
  if (!p) {
    p = instantiate(m.build);
    twins.set(m, p);
    p.catch(() => twins.delete(m));
  }
  const twin = await p;
  // Every time, not once: ready({ gemm }) may have changed m's selection since the twin was made.
  applyGemmSelection(twin, gemmSelection(m), 'fit');
  return twin;
}

