// esbuild, as docs/runtimes-and-bundlers.md tells an esbuild user: bundle for the browser (no
// externals, no node polyfills), copy node_modules/simdnet/build/* next to the bundle, and
// `ready({ assets })`. simdnet comes from its packed tarball, installed with npm
// (tests/package/tarball.ts), so the bundle is built from the files, package.json and "sideEffects"
// users get. The bundle must build without a warning, hold no node:* import, and train in Chromium
// on every core when the page is cross-origin isolated. Skipped without /usr/bin/chromium
// for the page part (the build checks still run).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromiumPresent } from '../runtimes/browser.js';
import { appSource, checkTrained, pageHtml, runPage, write } from './consumer.js';
import { appDir, installedPackage } from '../package/tarball.js';

test('esbuild --platform=browser bundles simdnet cleanly and the page trains on every core', async () => {
  const { pkg } = installedPackage();
  const dir = appDir('esbuild-browser');
  write(dir, 'app.js', appSource("{ assets: new URL('./simdnet/', import.meta.url) }"));
  write(dir, 'index.html', pageHtml('./out/app.js'));
  const result = await build({ entryPoints: [join(dir, 'app.js')], bundle: true, platform: 'browser', format: 'esm', outdir: join(dir, 'out'), logLevel: 'silent', absWorkingDir: dir });
  assert.equal(result.errors, []);
  assert.equal(result.warnings.map((w) => w.text), [], 'no warnings');
  const js = readFileSync(join(dir, 'out/app.js'), 'utf8');
  assert.not.match(js, /(from|import|require\()\s*["']node:/, 'no node:* import left in the bundle');
  cpSync(join(pkg, 'build'), join(dir, 'out/simdnet'), { recursive: true });
  if (!chromiumPresent()) {
    console.log('  esbuild: Chromium missing (/usr/bin/chromium), page not run');
    return;
  }
  const { report, requests } = await runPage(dir, 'index.html');
  checkTrained(report);
  assert.ok(requests.some((r) => r.endsWith('/out/simdnet/simdnet.worker.js')), 'the worker came from the assets folder');
  assert.ok(requests.some((r) => /\/out\/simdnet\/simdnet\.(relaxed|plain)-threads\.wasm$/.test(r)), `the threads build came from the assets folder: ${requests}`);
  console.log(`  esbuild bundle of the tarball (${(js.length / 1024).toFixed(0)} KB): ${report.build} build, ${report.threads} threads of ${report.cores} cores, loss ${report.loss[0].toFixed(3)} -> ${report.loss.at(-1)!.toFixed(3)}`);
});

test('the assets folder a user copies holds every build ready() may load and the worker, and nothing else', () => {
  const { pkg } = installedPackage();
  const files = readdirSync(join(pkg, 'build'));
  for (const f of ['simdnet.relaxed.wasm', 'simdnet.plain.wasm', 'simdnet.relaxed-threads.wasm', 'simdnet.plain-threads.wasm', 'simdnet.worker.js']) assert.ok(files.includes(f), f);
  assert.equal(files.filter((f) => !/^simdnet\.(relaxed|plain)(-threads)?\.wasm$|^simdnet\.worker\.js$/.test(f)), [], 'no debug build, no map');
  assert.not.match(readFileSync(join(pkg, 'build/simdnet.worker.js'), 'utf8'), /^\s*(import|export)\s/m, 'the worker is one file: no imports');
});

test.run();
