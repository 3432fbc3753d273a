// The embedded default storage: an append-only journal of JSON lines, one event per line, after a
// header naming the search space's fingerprint. Appends are single write(2) calls on an O_APPEND
// descriptor, so a process killed at any point (kill -9) leaves every event it had appended intact
// and at most one torn last line, which open() cuts off. A finished trial is only counted once its
// 'finish' line is in the file; a trial whose finish is missing is run again on resume (fmin reuses
// its tid). `fsync: true` also survives power loss, at a cost per event.
// One process writes a journal at a time: a lock file `<path>.lock` names the writer by pid, start
// time and a random token, so a lock left by a dead process (kill -9) is taken over even when its pid
// now belongs to another process or to the resumer itself (journal-lock.ts).
// Node-only: node:fs is imported by open(), so importing simdnet in a browser works.
import { SimdnetError } from '../errors.js';
import { checkFingerprint, type TrialStorage } from './storage.js';
import type { TrialEvent } from './trial.js';
import { nodeImport } from '../../bindings/nodeImport.js';
import { JournalLock } from './journal-lock.js';

let fs: typeof import('node:fs');
let os: typeof import('node:os');

const FORMAT = 'simdnet-trials-journal';

/**
 * Options of `new JournalStorage(path, options)`: fsync every event (survives power loss, at a cost per
 * event).
 */
export interface JournalOptions {
  /** fsync after every event (default false: survives process crashes, not power loss). */
  fsync?: boolean;
}

/**
 * The default trial storage: an append-only JSON-lines journal a killed process leaves intact, so `fmin`
 * resumes where it stopped; one writer at a time, guarded by a lock file (Node).
 */
export class JournalStorage implements TrialStorage {
  private fd: number | null = null;
  private lockFile: JournalLock | null = null;
  private readonly lockPath: string;
  private readonly fsync: boolean;

  constructor(
    readonly path: string,
    options: JournalOptions = {},
  ) {
    this.lockPath = `${path}.lock`;
    this.fsync = options.fsync ?? false;
  }

  async open(fingerprint: string): Promise<TrialEvent[]> {
    if (this.fd !== null) await this.close();
    fs ??= await nodeImport<typeof import('node:fs')>('fs');
    os ??= await nodeImport<typeof import('node:os')>('os');
    this.lockFile = new JournalLock(fs, os.hostname(), this.lockPath, this.path);
    this.lockFile.acquire();
    try {
      const events = fs.existsSync(this.path) ? this.read(fingerprint) : null;
      this.fd = fs.openSync(this.path, 'a');
      if (events === null) this.write({ format: FORMAT, version: 1, fingerprint });
      return events ?? [];
    } catch (err) {
      this.unlock();
      throw err;
    }
  }

  async append(event: TrialEvent): Promise<void> {
    if (this.fd === null) throw new SimdnetError('ERR_STATE', 'JournalStorage.append', 'the journal is not open');
    this.write(event);
    this.lockFile?.touch();
  }

  async close(): Promise<void> {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
    this.unlock();
  }

  private write(record: object): void {
    fs.writeSync(this.fd as number, JSON.stringify(record) + '\n');
    if (this.fsync) fs.fsyncSync(this.fd as number);
  }

  /** Parses the journal, cutting off a torn last line; throws on a corrupt header or middle line. */
  private read(fingerprint: string): TrialEvent[] {
    const text = fs.readFileSync(this.path, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) {
      // A torn final write from a killed process: drop it so the next append starts a clean line.
      const fd = fs.openSync(this.path, 'r+');
      fs.ftruncateSync(fd, Buffer.byteLength(text.slice(0, end)));
      fs.closeSync(fd);
    }
    const lines = text.slice(0, end).split('\n').slice(0, -1);
    const parse = (line: string, i: number) => {
      try {
        return JSON.parse(line);
      } catch {
        throw new SimdnetError('ERR_CORRUPT_DATA', 'JournalStorage.open', `${this.path}: line ${i + 1} is not JSON`);
      }
    };
    const header = lines.length ? parse(lines[0], 0) : null;
    if (header?.format !== FORMAT) throw new SimdnetError('ERR_CORRUPT_DATA', 'JournalStorage.open', `${this.path} is not a simdnet trials journal`);
    checkFingerprint('JournalStorage.open', header.fingerprint, fingerprint, 'use another journal file (--journal PATH)');
    return lines.slice(1).map(parse) as TrialEvent[];
  }

  private unlock(): void {
    this.lockFile?.release();
    this.lockFile = null;
  }
}
