// warp kernels: see the issue tracker for the family that owns this file.
export const WARP_FAMILY_PLACEHOLDER: i32 = 0;
