// The journal's single-writer lock, `<journal>.lock` (issue 18 item 15). A PID alone cannot tell a
// live writer from a dead one: after kill -9 the PID is reused, and in a container the resumer is
// often PID 1 itself, so "is process <pid> alive?" says yes for a writer that died long ago. The lock
// file therefore holds who wrote it as JSON:
//   { pid, host, start, token }
// `start` is the writer's start time as the kernel counts it (/proc/<pid>/stat field 22, clock ticks
// after boot; proc(5)), `token` a random string held in memory by the writer. A lock is live when
//   - it names this process and its token is one this process holds (another JournalStorage here);
//   - it names another process on this host that is alive and has the recorded start time;
//   - it cannot be checked that way (another host, no /proc: macOS, Windows) and its mtime, which
//     the holder refreshes every HEARTBEAT_MS and on every append, is younger than STALE_MS.
// Anything else is stale (its writer died) and is taken over. A lock in the old format (a bare pid)
// naming this process is stale too; naming another live process, it is kept (no start time to
// compare) and the message says how to remove it.
// Node-only: the caller passes node:fs (imported at run time, see bindings/nodeImport.ts).
import { SimdnetError } from '../errors.js';

type Fs = typeof import('node:fs');

/** How often a holder refreshes its lock's mtime, and the age after which a lock that cannot be
 * checked by pid and start time counts as abandoned (12 missed heartbeats: generous for a blocked
 * event loop in a long synchronous step). */
export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 60_000;

interface Owner {
  pid: number;
  host: string;
  start: string | null;
  token: string;
}

/** Tokens of the locks this process holds: a lock naming our pid with another token is a dead
 * earlier process that had our pid. */
const held = new Set<string>();

export class JournalLock {
  private token: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly fs: Fs,
    private readonly host: string,
    readonly path: string,
    private readonly journal: string,
  ) {}

  /** Creates the lock file (O_CREAT|O_EXCL), taking over a stale one; throws ERR_STATE when live. */
  acquire(): void {
    const me: Owner = { pid: process.pid, host: this.host, start: startTime(this.fs, process.pid), token: randomToken() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        this.fs.writeFileSync(this.path, JSON.stringify(me), { flag: 'wx' });
        this.token = me.token;
        held.add(me.token);
        this.timer = setInterval(() => this.touch(), HEARTBEAT_MS);
        this.timer.unref?.();
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new SimdnetError('ERR_IO', 'JournalStorage.open', `cannot create ${this.path}`, { cause: err });
      }
      const seen = this.readRaw();
      if (seen === null) continue; // removed meanwhile: try again
      const verdict = this.judge(seen.text, seen.mtimeMs);
      if (verdict !== 'stale') throw new SimdnetError('ERR_STATE', 'JournalStorage.open', `${this.journal} is in use by ${verdict}`);
      // Unlink only the lock we judged: if another resumer replaced it meanwhile, judge again.
      if (this.readRaw()?.text === seen.text) this.unlinkQuietly();
    }
    throw new SimdnetError('ERR_STATE', 'JournalStorage.open', `could not lock ${this.journal} (${this.path} keeps changing)`);
  }

  /** Refreshes the heartbeat (called by the timer and on every append). */
  touch(): void {
    if (this.token === null) return;
    const now = new Date();
    try {
      this.fs.utimesSync(this.path, now, now);
    } catch {
      // removed by hand: the next acquire by anyone creates a fresh one
    }
  }

  release(): void {
    if (this.token === null) return;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    held.delete(this.token);
    // Remove the file only while it is still ours (not taken over after a long stall).
    if (this.readRaw()?.text.includes(this.token)) this.unlinkQuietly();
    this.token = null;
  }

  /** 'stale', or a description of the live holder for the error message. */
  private judge(text: string, mtimeMs: number): 'stale' | string {
    const owner = parseOwner(text);
    const fresh = Date.now() - mtimeMs < STALE_MS;
    if (owner === null) {
      const pid = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(pid)) return fresh ? `a process whose lock ${this.path} is being written` : 'stale';
      // The pre-token format: only the pid is known.
      if (pid === process.pid || !alive(pid)) return 'stale';
      return `process ${pid} (an old-format lock: if no simdnet search runs as ${pid}, delete ${this.path})`;
    }
    const who = `process ${owner.pid} on ${owner.host}`;
    if (owner.host === this.host && owner.pid === process.pid) return held.has(owner.token) ? `this process (${who})` : 'stale';
    if (owner.host === this.host && owner.start !== null) {
      const now = startTime(this.fs, owner.pid);
      if (now !== null) return now === owner.start ? who : 'stale'; // alive, same start: the writer
      if (!alive(owner.pid)) return 'stale';
    }
    return fresh ? `${who} (lock refreshed ${Math.round((Date.now() - mtimeMs) / 1000)} s ago)` : 'stale';
  }

  private readRaw(): { text: string; mtimeMs: number } | null {
    try {
      return { text: this.fs.readFileSync(this.path, 'utf8'), mtimeMs: this.fs.statSync(this.path).mtimeMs };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new SimdnetError('ERR_IO', 'JournalStorage.open', `cannot read ${this.path}`, { cause: err });
    }
  }

  private unlinkQuietly(): void {
    try {
      this.fs.unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}

function parseOwner(text: string): Owner | null {
  try {
    const o = JSON.parse(text);
    const ok = o && Number.isInteger(o.pid) && typeof o.host === 'string' && typeof o.token === 'string' && (o.start === null || typeof o.start === 'string');
    return ok ? (o as Owner) : null;
  } catch {
    return null;
  }
}

/** The process's start time in clock ticks after boot (proc(5) /proc/<pid>/stat field 22), or null
 * where there is no /proc or no such process. Field 2 (comm) is in parentheses and may contain
 * spaces, so fields are counted after its closing ')'. */
export function startTime(fs: Fs, pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 3 is fields[0], so field 22 is fields[19]
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function randomToken(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
