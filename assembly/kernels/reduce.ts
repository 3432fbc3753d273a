// reduce kernels: see the issue tracker for the family that owns this file.
export const REDUCE_FAMILY_PLACEHOLDER: i32 = 0;
