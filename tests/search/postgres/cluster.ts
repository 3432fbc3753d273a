// A throwaway PostgreSQL cluster for tests: initdb in a temporary directory, a server on a free
// loopback port with its unix socket in that directory, stopped and deleted afterwards (also when the
// test process exits early). PostgreSQL refuses to run as root, so when the tests run as root (CI
// does) the cluster belongs to the `postgres` system user that Debian's package creates.
// Without the server binaries the suite fails, naming the package, unless SIMDNET_SKIP_POSTGRES=1.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SKIP = process.env.SIMDNET_SKIP_POSTGRES === '1';

/**
 * The server binaries: SIMDNET_POSTGRES_BIN if set (another distribution's `pg_config --bindir`),
 * else Debian's (postgresql-NN package), newest version first; null when absent.
 */
export function findBinDir(): string | null {
  const given = process.env.SIMDNET_POSTGRES_BIN;
  if (given) return existsSync(join(given, 'initdb')) ? given : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** uid/gid to run the server as: ours, or the postgres system user's when we are root. */
function owner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error("tests run as root but there is no 'postgres' system user (apt-get install -y postgresql creates it)");
  return { uid, gid };
}

export class Cluster {
  private server: ChildProcess | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly user: { uid: number; gid: number } | null,
    private readonly settings: Record<string, string>,
  ) {}

  /** The URL of database `db` over loopback TCP. */
  url(db = 'postgres'): string {
    return `postgresql://simdnet@127.0.0.1:${this.port}/${db}`;
  }

  /**
   * `settings` are server parameters (`-c name=value`) on top of the defaults: fsync=off (a throwaway
   * cluster; the commit-latency bench turns it back on) and max_connections=60.
   */
  static async create(settings: Record<string, string> = {}): Promise<Cluster> {
    const bin = findBinDir();
    if (bin === null) {
      throw new Error(
        'PostgreSQL server binaries not found (SIMDNET_POSTGRES_BIN or /usr/lib/postgresql/*/bin): install the Debian package ' +
          "(apt-get install -y postgresql; .ci/run does this) or set SIMDNET_SKIP_POSTGRES=1 to skip the PostgreSQL tests",
      );
    }
    const user = owner();
    const dir = mkdtempSync(join(tmpdir(), 'simdnet-pg-'));
    if (user) chownSync(dir, user.uid, user.gid);
    const cluster = new Cluster(dir, await freePort(), bin, user, { fsync: 'off', max_connections: '60', ...settings });
    live.add(cluster);
    // trust auth on a private socket and loopback only; --no-sync: a throwaway cluster.
    const init = spawnSync(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'simdnet', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
      encoding: 'utf8',
      ...(user ?? {}),
    });
    if (init.status !== 0) {
      await cluster.destroy();
      throw new Error(`initdb failed (${init.status}): ${init.stderr}`);
    }
    await cluster.start();
    return cluster;
  }

  async start(): Promise<void> {
    const args = ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1'];
    for (const [name, value] of Object.entries(this.settings)) args.push('-c', `${name}=${value}`);
    const server = spawn(join(this.bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...(this.user ?? {}) });
    let log = '';
    server.stderr!.on('data', (d) => (log += d));
    this.server = server;
    const deadline = Date.now() + 20000;
    for (;;) {
      const ready = spawnSync(join(this.bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(this.port)]);
      if (ready.status === 0) return;
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`postgres did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Fast shutdown (SIGINT: clients are disconnected with SQLSTATE 57P01), as `pg_ctl stop -m fast`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null || server.exitCode !== null) return;
    const exited = new Promise<void>((r) => server.once('exit', () => r()));
    server.kill('SIGINT');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
  }
}

// A test process that dies with the cluster still up must not leave a server or files behind.
const live = new Set<Cluster>();
process.on('exit', () => {
  for (const c of live) {
    (c as unknown as { server: ChildProcess | null }).server?.kill('SIGKILL');
    rmSync(c.dir, { recursive: true, force: true });
  }
});
