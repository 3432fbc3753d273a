// The loader's sources other than the package files: a URL (file: read with node:fs, http with
// compileStreaming when the server sends application/wasm, else fetch + compile), user bytes, and
// the probe-based feature detection agreeing with validation of the real builds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { instantiate } from '../../bindings/loader.js';
import { wasmFeatures } from '../../bindings/features.js';

const fileUrl = (build: string) => new URL(`../../../build/simdnet.${build}.wasm`, import.meta.url);

async function rejects(p: Promise<unknown>, code: string, arg?: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; arg?: string; message: string };
    assert.is(err.code, code, err.message);
    if (arg) assert.is(err.arg, arg, err.message);
    return;
  }
  assert.unreachable(`expected ${code}`);
}

function serve(contentType: string | null): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const name = (req.url ?? '').replace(/^\//, '');
    if (!/^simdnet\.(plain|relaxed|debug)\.wasm$/.test(name)) return res.writeHead(404).end();
    if (contentType) res.setHeader('content-type', contentType);
    res.end(readFileSync(fileUrl(name.split('.')[1])));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

test('the feature probes agree with WebAssembly.validate of the real builds', async () => {
  const f = await wasmFeatures();
  assert.is(f.simd, WebAssembly.validate(readFileSync(fileUrl('plain'))));
  assert.is(f.relaxedSimd, WebAssembly.validate(readFileSync(fileUrl('relaxed'))));
});

test('a file: URL is read with node:fs; the module reports its own build', async () => {
  const m = await instantiate(undefined, { url: fileUrl('plain') });
  assert.is(m.build, 'plain');
  assert.is(m.loadedBy, 'fs');
  const d = await instantiate(undefined, { url: fileUrl('debug').href });
  assert.is(d.build, 'debug');
});

test('http: streaming compile with application/wasm, fetch + compile without it, ERR_IO on 404', async () => {
  const wasmServer = await serve('application/wasm');
  const octetServer = await serve('application/octet-stream');
  try {
    const s = await instantiate('plain', { url: `${wasmServer.base}simdnet.plain.wasm` });
    assert.is(s.loadedBy, 'streaming');
    assert.is(s.build, 'plain');
    const f = await instantiate(undefined, { url: new URL('simdnet.plain.wasm', octetServer.base) });
    assert.is(f.loadedBy, 'fetch');
    await rejects(instantiate('plain', { url: `${wasmServer.base}missing.wasm` }), 'ERR_IO');
  } finally {
    wasmServer.server.close();
    octetServer.server.close();
  }
});

test('user bytes: any BufferSource; a build that does not match the bytes is a ValidationError', async () => {
  const bytes = readFileSync(fileUrl('plain'));
  const m = await instantiate(undefined, { bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  assert.is(m.build, 'plain');
  assert.is(m.loadedBy, 'bytes');
  await rejects(instantiate('debug', { bytes }), 'ERR_INVALID_ARGUMENT', 'bytes');
});

test('bad sources get typed errors before anything reaches wasm', async () => {
  await rejects(instantiate(undefined), 'ERR_INVALID_ARGUMENT', 'build');
  await rejects(instantiate('plain', { bytes: 'abc' as never }), 'ERR_INVALID_TYPE', 'bytes');
  await rejects(instantiate('plain', { url: 42 as never }), 'ERR_INVALID_TYPE', 'url');
  await rejects(instantiate('plain', { url: 'relative/simdnet.wasm' }), 'ERR_INVALID_ARGUMENT', 'url');
  await rejects(instantiate('plain', { bytes: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 9]) }), 'ERR_WASM_UNSUPPORTED');
  // A valid module that is not simdnet's (no exports at all).
  await rejects(instantiate(undefined, { bytes: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) }), 'ERR_WASM_UNSUPPORTED');
});

test.run();
