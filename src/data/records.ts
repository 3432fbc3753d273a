// Streams fixed-size binary records from a file on disk without loading it: after `headerBytes`,
// the file is read in chunks of whole records (about `chunkBytes` at a time) and each record is
// yielded as a Uint8Array view of its chunk (chunks are fresh per read, so records may be kept).
// Suits IDX files (MNIST: header 16, records 784), raw float dumps, or any fixed-width format;
// decode records with .map(). Also streams text lines (CSV, JSON lines) with fromLines.
import { SimdnetError } from '../errors.js';
import { checkInt } from '../validate.js';
import { StreamDataset } from './stream.js';
import { nodeImport } from '../../bindings/nodeImport.js';

/**
 * Options of `dataset.fromRecords`: the fixed-size binary records of a file and how each becomes a sample.
 */
export interface RecordOptions {
  /** Bytes per record. */
  recordBytes: number;
  /** Bytes to skip at the start of the file. Default 0. */
  headerBytes?: number;
  /** Approximate bytes per read. Default 1 MiB. */
  chunkBytes?: number;
}

export function fromRecords(path: string, options: RecordOptions): StreamDataset<Uint8Array> {
  const fn = 'dataset.fromRecords';
  const recordBytes = checkInt(fn, 'recordBytes', options.recordBytes, 1);
  const headerBytes = checkInt(fn, 'headerBytes', options.headerBytes ?? 0, 0);
  const perChunk = Math.max(1, Math.floor(checkInt(fn, 'chunkBytes', options.chunkBytes ?? 1 << 20, 1) / recordBytes));
  return new StreamDataset(async function* () {
    const fs = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
    const fh = await fs.open(path, 'r').catch((e: unknown) => {
      throw new SimdnetError('ERR_IO', fn, `cannot open '${path}'`, { cause: e });
    });
    try {
      const size = (await fh.stat()).size;
      const body = size - headerBytes;
      if (body < 0 || body % recordBytes !== 0) {
        throw new SimdnetError('ERR_CORRUPT_DATA', fn, `'${path}' has ${size} bytes: not ${headerBytes} header bytes plus whole ${recordBytes}-byte records`);
      }
      let pos = headerBytes;
      while (pos < size) {
        const n = Math.min(perChunk, (size - pos) / recordBytes);
        const chunk = new Uint8Array(n * recordBytes);
        const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
        if (bytesRead !== chunk.length) throw new SimdnetError('ERR_IO', fn, `short read from '${path}' at byte ${pos}`);
        pos += chunk.length;
        for (let i = 0; i < n; i++) yield chunk.subarray(i * recordBytes, (i + 1) * recordBytes);
      }
    } finally {
      await fh.close();
    }
  });
}

/** Streams the lines of a text file (without their line endings). */
export function fromLines(path: string): StreamDataset<string> {
  return new StreamDataset(async function* () {
    const { createReadStream } = await nodeImport<typeof import('node:fs')>('fs');
    const { createInterface } = await nodeImport<typeof import('node:readline')>('readline');
    const input = createReadStream(path, { encoding: 'utf8' });
    const opened = new Promise<void>((resolve, reject) => {
      input.once('open', () => resolve());
      input.once('error', (e) => reject(new SimdnetError('ERR_IO', 'dataset.fromLines', `cannot read '${path}'`, { cause: e })));
    });
    await opened;
    const lines = createInterface({ input, crlfDelay: Infinity });
    try {
      yield* lines;
    } finally {
      lines.close();
      input.destroy();
    }
  });
}
