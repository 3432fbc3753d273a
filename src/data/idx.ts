// The IDX format of the MNIST files (LeCun et al., http://yann.lecun.com/exdb/mnist/): a big-endian
// header, magic = 0x0000 | type | ndims (type 0x08 = unsigned byte), then ndims uint32 sizes, then
// the data. MNIST images: magic 2051 (0x0803) and sizes [n, 28, 28]; labels: 2049 (0x0801), [n].
// Every mismatch (magic, header, length) is an ERR_CORRUPT_DATA error naming the file.
import { SimdnetError } from '../errors.js';

export interface Idx {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parses an IDX file (the MNIST format): checks the magic number and the header against the length, and
 * returns the dimensions and the bytes; any mismatch is ERR_CORRUPT_DATA naming the file.
 */
export function parseIdx(bytes: Uint8Array, expectedMagic: number, name: string, fn = 'parseIdx'): Idx {
  const corrupt = (what: string) => new SimdnetError('ERR_CORRUPT_DATA', fn, `${name}: ${what}; the file is corrupt or truncated`);
  if (bytes.length < 4) throw corrupt(`${bytes.length} bytes, shorter than an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expectedMagic) throw corrupt(`magic number ${magic}, expected ${expectedMagic}`);
  if ((magic >> 8) !== 0x08) throw corrupt(`data type 0x${(magic >> 8).toString(16)}, only unsigned bytes (0x08) are supported`);
  const ndims = magic & 0xff;
  const header = 4 + 4 * ndims;
  if (bytes.length < header) throw corrupt(`${bytes.length} bytes, shorter than its ${header}-byte header`);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size) {
    throw corrupt(`${bytes.length} bytes, but its header [${dims.join(', ')}] says ${header + size}`);
  }
  return { dims, data: bytes.subarray(header) };
}

/** Writes an unsigned-byte IDX file image (for tests and tools). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0800 | dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
