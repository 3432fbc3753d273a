// Keras 3 keras.callbacks.CSVLogger: one row per epoch, 'epoch' (0-based) then the log keys sorted;
// when the first epoch's logs have no 'val_' key, 'val_' columns are added for every key (Keras does
// this so that a later validation epoch fits the header) and missing values are written 'NA'.
// `append` continues an existing file without repeating its header. Each row is written with one
// append call as soon as its epoch ends (Keras flushes per row), so a crash loses at most the
// current epoch and never leaves a half-written file behind the last complete row.
// Difference: rows end in '\n' (Keras's csv module writes '\r\n').
import type { Callback, Logs } from './callback.js';
import { ValidationError } from '../errors.js';
import { checkBool, checkKeys } from '../validate.js';
import { nodeImport } from '../../bindings/nodeImport.js';

/** Options of `csvLogger` (Keras 3 names and defaults). */
export interface CsvLoggerOptions {
  filename: string;
  /** Field separator. Default ','. */
  separator?: string;
  /** Append to an existing file instead of overwriting it. Default false. */
  append?: boolean;
}

/**
 * The callback `csvLogger()` makes: appends each epoch's logs as a row to a CSV file (Node; Keras
 * CSVLogger).
 */
export class CsvLogger implements Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;
  private writeHeader = true;

  constructor(options: CsvLoggerOptions) {
    const fn = 'csvLogger';
    if (options === null || typeof options !== 'object') throw new ValidationError(fn, 'options', 'an object with filename', options, 'ERR_INVALID_TYPE');
    checkKeys(fn, options, ['filename', 'separator', 'append']);
    if (typeof options.filename !== 'string' || options.filename === '') throw new ValidationError(fn, 'filename', 'a non-empty string', options.filename, 'ERR_INVALID_TYPE');
    this.filename = options.filename;
    this.separator = options.separator ?? ',';
    if (typeof this.separator !== 'string' || this.separator.length !== 1) throw new ValidationError(fn, 'separator', 'a one-character string', this.separator);
    this.append = checkBool(fn, 'append', options.append ?? false);
  }

  async onTrainBegin(): Promise<void> {
    const fs = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
    this.keys = null;
    this.writeHeader = true;
    if (this.append) {
      const existing = await fs.readFile(this.filename, 'utf8').catch(() => '');
      this.writeHeader = existing.length === 0;
    } else await fs.writeFile(this.filename, '');
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    let text = '';
    if (this.keys === null) {
      const keys = Object.keys(logs).sort();
      if (keys.length > 0 && !keys.some((k) => k.startsWith('val_'))) keys.push(...keys.map((k) => 'val_' + k));
      this.keys = keys;
      if (this.writeHeader) text += this.row(['epoch', ...keys]);
    }
    text += this.row([String(epoch), ...this.keys.map((k) => (k in logs ? String(logs[k]) : 'NA'))]);
    const fs = await nodeImport<typeof import('node:fs/promises')>('fs/promises');
    await fs.appendFile(this.filename, text);
  }

  /** One CSV line; fields holding the separator, quotes or newlines are quoted (RFC 4180). */
  private row(fields: string[]): string {
    const q = (f: string) => (f.includes(this.separator) || /["\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
    return fields.map(q).join(this.separator) + '\n';
  }
}

/** Streams epoch results to a CSV file (Keras 3 CSVLogger). */
export function csvLogger(options: CsvLoggerOptions): CsvLogger {
  return new CsvLogger(options);
}
