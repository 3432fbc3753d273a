// PostgreSQL connection handling that needs no server: passwords never reach a message, study
// names, a refused first connection fails fast, an outage says that it is retrying and for how
// long, and the CLIs' shared exit-code table. With a server: postgres.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:net';
import { runSearchCli } from '../../src/cli/search.js';
import { runStudyCli } from '../../src/cli/study.js';
import { SimdnetError, ValidationError } from '../../src/errors.js';
import { PostgresStorage } from '../../src/search/postgres/postgres-storage.js';
import { studySummary } from '../../src/search/postgres/study-summary.js';
import { redactText, redactUrl } from '../../src/search/postgres/redact.js';
import { inspect } from 'node:util';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SECRET = 's3cret';

async function listen(onSocket: (s: import('node:net').Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const { server, port } = await listen(() => {});
  await new Promise((r) => server.close(r));
  return port;
}

async function cli(run: (argv: string[], out: (l: string) => void) => Promise<number>, argv: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await run(argv, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

test('redactUrl masks the password in the userinfo and in ?password=, parsable or not', () => {
  assert.is(redactUrl(`postgresql://u:${SECRET}@127.0.0.1:99999/db`), 'postgresql://u:***@127.0.0.1:99999/db');
  assert.is(redactUrl(`postgres://u:p@ss:w/rd@h/db`), 'postgres://u:***@h/db');
  assert.is(redactUrl(`postgresql://h/db?user=u&password=${SECRET}&sslmode=require`), 'postgresql://h/db?user=u&password=***&sslmode=require');
  assert.is(redactUrl('postgresql://u@h/db'), 'postgresql://u@h/db');
  assert.is(redactText(`could not connect with ${SECRET} to postgresql://u:${SECRET}@h/db`, `postgresql://u:${SECRET}@h/db`), 'could not connect with *** to postgresql://u:***@h/db');
  // Percent-encoded in the URL, decoded in a driver's message: both forms are masked.
  assert.is(redactText('password "p@ss" refused', 'postgresql://u:p%40ss@h/db'), 'password "***" refused');
});

/**
 * A server that answers every startup message with a PostgreSQL ErrorResponse (protocol 3.0: 'E',
 * length, fields S/V severity, C SQLSTATE, M message) whose text quotes the password, as a server or
 * proxy echoing the login could: the wrapped error, its cause and stack must still not show it.
 */
async function quotingServer(sqlstate: string): Promise<{ server: Server; port: number }> {
  const field = (t: string, v: string) => Buffer.concat([Buffer.from(t), Buffer.from(v + '\0')]);
  const body = Buffer.concat([field('S', 'FATAL'), field('V', 'FATAL'), field('C', sqlstate), field('M', `password "${SECRET}" rejected`), field('D', `login u:${SECRET}`), Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(body.length + 4, 1);
  return listen((socket) => socket.once('data', () => socket.end(Buffer.concat([head, body]))));
}

/** Everything a caller could print of an error: message, stack, cause (also nested) and util.inspect. */
function printable(err: unknown): string {
  const e = err as Error & { cause?: Error & { cause?: unknown } };
  return [e.message, e.stack, String(e.cause), e.cause?.stack, inspect(e, { depth: 10 }), inspect(e.cause, { depth: 10, showHidden: true }), JSON.stringify(e.cause)].join('\n');
}

test('driver errors kept as cause are redacted: message, stack, cause and inspect output of a refused login and of an outage', async () => {
  for (const [sqlstate, code] of [['28P01', 'ERR_INVALID_ARGUMENT'], ['57P03', 'ERR_UNAVAILABLE']]) {
    const { server, port } = await quotingServer(sqlstate);
    try {
      const storage = new PostgresStorage(`postgresql://u:${SECRET}@127.0.0.1:${port}/db`, { study: 's', reconnectTimeout: 0.3, log: () => {} });
      const err = await storage.open('f').then(() => null, (e: unknown) => e);
      assert.instance(err, SimdnetError, sqlstate);
      assert.is((err as SimdnetError).code, code, (err as Error).message);
      const cause = (err as Error).cause as { code?: string; message?: string };
      assert.is(cause.code, sqlstate, 'the cause keeps its SQLSTATE');
      assert.match(cause.message ?? '', 'password "***" rejected', 'and its (redacted) text');
      assert.not.match(printable(err), SECRET, sqlstate);
    } finally {
      server.close();
    }
  }
});

test('a refused login: exit code 4 from both search and study, no password on their stdout or stderr even when the server quotes it', async () => {
  const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
  const fixture = fileURLToPath(new URL('./cli-fixture.js', import.meta.url));
  const objective = ['--objective', `${fileURLToPath(new URL('./objectives.js', import.meta.url))}#busyQuadratic`, '--space', `${fixture}#space`];
  const { server, port } = await quotingServer('28P01');
  try {
    const url = `postgresql://u:${SECRET}@127.0.0.1:${port}/db`;
    for (const argv of [['study', 'x', '--storage', url], ['search', ...objective, '--storage', url, '--study', 'x', '--quiet']]) {
      // spawn, not spawnSync: the fake server runs in this process's event loop.
      const child = spawn(process.execPath, [main, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const status = await new Promise<number | null>((r) => child.on('exit', r));
      assert.is(status, 4, `${argv[0]}: ${out}`);
      assert.match(out, /refused the connection/);
      assert.not.match(out, SECRET, argv[0]);
    }
  } finally {
    server.close();
  }
});

test('no password in the error of a malformed URL, nor in the storage as printed', () => {
  for (const url of [`postgresql://u:${SECRET}@127.0.0.1:99999/db`, `mysql://u:${SECRET}@h/db`, `postgresql://u:${SECRET}@/db`, `postgresql://u:${SECRET}@h:0/db`]) {
    try {
      new PostgresStorage(url, { study: 's' });
      assert.unreachable(url);
    } catch (err) {
      assert.instance(err, ValidationError);
      assert.is((err as ValidationError).arg, 'url');
      assert.not.match((err as Error).message, SECRET, (err as Error).message);
      assert.not.match(String((err as ValidationError).got), SECRET);
      assert.match((err as Error).message, 'u:***@');
    }
  }
  const storage = new PostgresStorage(`postgresql://u:${SECRET}@127.0.0.1:5/db`, { study: 's' });
  assert.is(storage.url, 'postgresql://u:***@127.0.0.1:5/db');
  assert.not.match(inspect(storage, { depth: 5 }), SECRET);
  assert.not.match(JSON.stringify(storage), SECRET);
});

test('study names: only spaces, tabs, control characters and stray outer spaces are refused', () => {
  const url = 'postgresql://u@127.0.0.1:5/db';
  for (const study of ['', '   ', 'a\tb', 'mnist\n', 'x\u0000', ' mnist', 'mnist ', 'x'.repeat(201)]) {
    assert.throws(() => new PostgresStorage(url, { study }), (e: unknown) => e instanceof ValidationError && e.arg === 'study', JSON.stringify(study));
  }
  for (const study of ['mnist', 'mnist run 2', 'étude-α', 'x'.repeat(200)]) assert.is(new PostgresStorage(url, { study }).study, study);
});

test('a refused first connection fails at once (not after reconnectTimeout), naming the URL without its password', async () => {
  const port = await closedPort();
  const lines: string[] = [];
  const storage = new PostgresStorage(`postgresql://u:${SECRET}@127.0.0.1:${port}/db`, { study: 's', reconnectTimeout: 30, log: (l) => lines.push(l) });
  const t0 = Date.now();
  try {
    await storage.open('f');
    assert.unreachable('opened');
  } catch (err) {
    assert.instance(err, SimdnetError);
    assert.is((err as SimdnetError).code, 'ERR_UNAVAILABLE');
    assert.match((err as Error).message, /refused the first connection/);
    assert.not.match((err as Error).message, SECRET);
  }
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  assert.equal(lines, []);
});

test('a server that drops connections: one line says it is retrying and for how long, then ERR_UNAVAILABLE', async () => {
  const { server, port } = await listen((s) => s.destroy());
  try {
    const lines: string[] = [];
    const storage = new PostgresStorage(`postgresql://u:${SECRET}@127.0.0.1:${port}/db`, { study: 's', reconnectTimeout: 1, log: (l) => lines.push(l) });
    const t0 = Date.now();
    try {
      await storage.open('f');
      assert.unreachable('opened');
    } catch (err) {
      assert.is((err as SimdnetError).code, 'ERR_UNAVAILABLE');
      assert.match((err as Error).message, /unreachable for 1 s/);
      assert.not.match((err as Error).message, SECRET);
    }
    assert.ok(Date.now() - t0 >= 1000);
    assert.is(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /not reachable \(.*\); retrying for up to 1 s$/);
    assert.match(lines[0], `u:***@127.0.0.1:${port}`);
    assert.not.match(lines[0], SECRET);
  } finally {
    server.close();
  }
});

test('one exit-code table: search and study give 2 for bad usage, 3 for an unreachable server, with no password in the output', async () => {
  const port = await closedPort();
  const bad = `postgresql://u:${SECRET}@127.0.0.1:99999/db`;
  const down = `postgresql://u:${SECRET}@127.0.0.1:${port}/db`;
  const space = ['--objective', 'x.js#f', '--space', 'x.js#s'];
  const fixture = new URL('./cli-fixture.js', import.meta.url).pathname;
  const objective = ['--objective', `${new URL('./objectives.js', import.meta.url).pathname}#busyQuadratic`, '--space', `${fixture}#space`];
  const runs = [
    { name: 'study, bad URL', r: await cli(runStudyCli, ['x', '--storage', bad]), code: 2 },
    { name: 'search, bad URL', r: await cli(runSearchCli, [...space, '--storage', bad, '--study', 'x']), code: 2 },
    { name: 'study, tab in the name', r: await cli(runStudyCli, ['a\tb', '--storage', down]), code: 2 },
    { name: 'search, name of spaces', r: await cli(runSearchCli, [...objective, '--storage', down, '--study', '  ', '--quiet']), code: 2 },
    { name: 'study, refused', r: await cli(runStudyCli, ['x', '--storage', down]), code: 3 },
    { name: 'search, refused', r: await cli(runSearchCli, [...objective, '--storage', down, '--study', 'x', '--quiet', '--reconnect-timeout', '30']), code: 3 },
  ];
  for (const { name, r, code } of runs) {
    assert.is(r.code, code, `${name}: ${r.text}`);
    assert.not.match(r.text, SECRET, name);
  }
  assert.match((await cli(runSearchCli, ['--help'])).text, /Exit codes: 0 done, 1 failed, 2 bad usage, 3 database unreachable/);
  assert.match((await cli(runStudyCli, ['--help'])).text, /Exit codes: 0 done, 1 failed, 2 bad usage, 3 database unreachable/);
  assert.is((await cli(runSearchCli, [...objective, '--reconnect-timeout', '5'])).code, 2, '--reconnect-timeout without a database');
});

test('studySummary refuses a study name with a tab before connecting', async () => {
  try {
    await studySummary('postgresql://u@127.0.0.1:5/db', 'a\tb');
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ValidationError);
  }
});

test.run();
