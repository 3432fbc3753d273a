// Vite (7, production build), as docs/runtimes-and-bundlers.md tells a Vite user: no configuration
// and a plain `ready()`. Vite emits the wasm builds and the worker from the loader's literal
// `new URL(..., import.meta.url)` expressions (bindings/assets.ts); the debug build must not be
// among them, no warning may name simdnet, and the built page must train in Chromium on every core
// when cross-origin isolated. simdnet comes from its packed tarball, installed with npm
// (tests/package/tarball.ts). The page part is skipped without /usr/bin/chromium.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPresent } from '../runtimes/browser.js';
import { appSource, checkTrained, pageHtml, runPage, write } from './consumer.js';
import { appDir } from '../package/tarball.js';

test('vite build emits simdnet\'s assets (not the debug build) and the page trains on every core', async () => {
  const { build } = await import('vite');
  const dir = appDir('vite');
  write(dir, 'main.js', appSource(''));
  write(dir, 'index.html', pageHtml('./main.js'));
  const warnings: string[] = [];
  await build({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    // Every Rollup warning, less those Vite itself never shows (its warningIgnoreList: circular
    // imports, which ES modules allow; simdnet has a few, e.g. loader <-> threads/config).
    build: { outDir: join(dir, 'dist'), rollupOptions: { onwarn: (w) => void (w.code === 'CIRCULAR_DEPENDENCY' || warnings.push(w.message)) } },
    customLogger: { info() {}, warn: (m: string) => warnings.push(m), warnOnce: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m), clearScreen() {}, hasErrorLogged: () => false, hasWarned: false },
  });
  assert.equal(warnings.filter((w) => /simdnet|node:|externalized/.test(w)), [], 'no warnings about simdnet');
  const assets = readdirSync(join(dir, 'dist/assets'));
  const size = (re: RegExp) => assets.filter((f) => re.test(f)).map((f) => statSync(join(dir, 'dist/assets', f)).size);
  for (const re of [/^simdnet\.relaxed-[\w-]{8}\.wasm$/, /^simdnet\.plain-[\w-]{8}\.wasm$/, /^simdnet\.relaxed-threads-[\w-]{8}\.wasm$/, /^simdnet\.plain-threads-[\w-]{8}\.wasm$/, /^simdnet\.worker-[\w-]{8}\.js$/]) {
    assert.is(size(re).length, 1, `one asset matching ${re}: ${assets}`);
  }
  assert.equal(assets.filter((f) => f.includes('debug')), [], 'the debug build is not emitted');
  if (!chromiumPresent()) {
    console.log('  vite: Chromium missing (/usr/bin/chromium), page not run');
    return;
  }
  const { report, requests } = await runPage(join(dir, 'dist'), 'index.html');
  checkTrained(report);
  assert.ok(requests.some((r) => /^\/assets\/simdnet\.worker-[\w-]{8}\.js$/.test(r)), `the pool worker came from its emitted file: ${requests}`);
  console.log(`  vite build of the tarball (${assets.length} assets): ${report.build} build, ${report.threads} threads of ${report.cores} cores, loss ${report.loss[0].toFixed(3)} -> ${report.loss.at(-1)!.toFixed(3)}`);
});

test.run();
