// gemm kernels: see the issue tracker for the family that owns this file.
export const GEMM_FAMILY_PLACEHOLDER: i32 = 0;
