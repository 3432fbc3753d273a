// Facts about the wasm kernels that the model's planning needs. The hot path calls the raw exports
// (module.exports.sgemm, ...) directly: the model validated every shape when it laid out memory, so
// the typed wrappers' per-call checks (bindings/<family>.ts) would only cost time.

/** Activations the sgemm epilogue applies itself (bindings/gemm.ts, FUSED); others run as a second kernel. */
export const GEMM_FUSED_ACTIVATIONS: readonly string[] = ['linear', 'relu'];

/** Whether an activation's backward reads its input x (else it works from the output y alone). */
export function activationNeedsInput(name: string): boolean {
  // Mirrors bindings/activation.ts (NEEDS_INPUT) until that binding is on main.
  return ['gelu', 'geluTanh', 'silu'].includes(name);
}
