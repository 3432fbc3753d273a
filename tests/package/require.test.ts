// CommonJS users (issue 16 item 7; README "Install"): simdnet is ESM-only. Node 20.19+ and 22.12+
// load ES modules from require() (`require(esm)`, on by default there; it refuses a graph with
// top-level await), so `require('simdnet')` returns the module namespace. Checked on the Node running
// the tests, against the installed tarball: the same exports as `import`, every export condition,
// a model trains, and no warning is printed. On an older Node the test reports and checks nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { write } from '../bundle/consumer.js';
import { appDir } from './tarball.js';

const [major, minor] = process.versions.node.split('.').map(Number);
const hasRequireEsm = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;

const APP = `'use strict';
const simdnet = require('simdnet');
const text = require('simdnet/text');
const bindings = require('simdnet/bindings');
(async () => {
  const esm = await import('simdnet');
  const { ready, sequential, dense, adam, tensor } = simdnet;
  const m = await ready({ threads: 1 });
  const x = tensor(Float32Array.from({ length: 32 }, (_, i) => ((i * 37) % 11) / 11 - 0.5), [8, 4]);
  const y = tensor(Int32Array.from({ length: 8 }, (_, i) => i % 2), [8]);
  const model = sequential({ seed: 1, layers: [dense({ units: 8, activation: 'relu', inputShape: [4] }), dense({ units: 2, activation: 'softmax' })] });
  model.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy' });
  const h = await model.fit(x, y, { epochs: 20, batchSize: 8, verbose: 0, seed: 1 });
  console.log(JSON.stringify({
    tag: simdnet[Symbol.toStringTag], same: Object.keys(simdnet).join() === Object.keys(esm).join() && simdnet.ready === esm.ready,
    exports: Object.keys(simdnet).length, text: Object.keys(text).length, bindings: Object.keys(bindings).length,
    build: m.build, loss: h.history.loss,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

test('require("simdnet") from CommonJS gives the ES module namespace and trains, without a warning', () => {
  if (!hasRequireEsm) {
    console.log(`  require(esm): Node ${process.versions.node} has none (20.19+ / 22.12+), not checked`);
    return;
  }
  const dir = appDir('commonjs');
  write(dir, 'package.json', JSON.stringify({ name: 'cjs-app', private: true, type: 'commonjs' }));
  write(dir, 'app.cjs', APP);
  const r = spawnSync(process.execPath, [join(dir, 'app.cjs')], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '', 'nothing on stderr (no ExperimentalWarning)');
  const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { tag: string; same: boolean; exports: number; text: number; bindings: number; loss: number[] };
  assert.is(got.tag, 'Module', 'require returns the module namespace object');
  assert.ok(got.same, 'the same exports as import, the very same functions');
  assert.ok(got.exports > 100 && got.text > 0 && got.bindings > 0, `exports: ${got.exports} root, ${got.text} text, ${got.bindings} bindings`);
  assert.ok(got.loss.every(Number.isFinite) && got.loss.at(-1)! < got.loss[0], `loss fell: ${got.loss[0]} -> ${got.loss.at(-1)}`);
  console.log(`  require(esm) on Node ${process.versions.node}: ${got.exports} exports, trains (loss ${got.loss[0].toFixed(3)} -> ${got.loss.at(-1)!.toFixed(3)}), no warning`);
});

test.run();
