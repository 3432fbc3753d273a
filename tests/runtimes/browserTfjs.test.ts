// The TensorFlow.js format in the browser: a model trained and saved in Node with
// model.save('file://dir') is loaded in Chromium with loadLayersModel(url) from another origin (a
// second server sending CORS headers, as a CDN would) and predicts exactly what it did in Node (same
// wasm build). Skipped without /usr/bin/chromium in `npm test`; `npm run test:runtimes` requires it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready, sequential, dense, adam, tensor } from '../../src/index.js';
import { blobs } from '../model/synthetic.js';
import { CHROMIUM, chromiumPresent, launchChromium, pageWithErrors } from './browser.js';
import { startServer } from '../../examples/browser/serve.js';

const REQUIRE = process.env.SIMDNET_REQUIRE_RUNTIMES === '1';

if (!chromiumPresent() && !REQUIRE) {
  console.log(`  skipped the browser tfjs test: ${CHROMIUM} is missing (apt-get install chromium; npm run test:runtimes requires it)`);
  test.skip('a model saved in Node loads in Chromium with loadLayersModel(url)', () => {});
} else {
  test('a model saved in Node loads in Chromium with loadLayersModel(url)', async () => {
    assert.ok(chromiumPresent(), `${CHROMIUM} is missing: apt-get install chromium`);
    const { build } = await ready();
    const { x, labels } = blobs(32, 3, 4, 9);
    const m = sequential({ seed: 4, layers: [dense({ units: 8, activation: 'tanh', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })] });
    m.compile({ optimizer: adam({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy' });
    await m.fit(x, tensor(labels, [32]), { epochs: 2, batchSize: 8, verbose: 0, seed: 1 });
    const expected = Array.from(m.predict(x).data);
    const dir = await mkdtemp(join(tmpdir(), 'simdnet-browser-tfjs-'));
    await m.save(`file://${dir}`);
    m.dispose();
    const files = createServer(async (req, res) => {
      res.setHeader('access-control-allow-origin', '*');
      try {
        res.end(await readFile(join(dir, (req.url ?? '').replace(/^\/+/, '').replace(/[/\\]/g, ''))));
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    const modelUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/model.json`;
    const { server, url } = await startServer(0);
    const browser = await launchChromium();
    try {
      const { page, errors } = await pageWithErrors(browser);
      await page.goto(`${url}tests/runtimes/blank.html`);
      const got = await page.evaluate(
        async ([lib, model, xs, b]) => {
          const s = await import(lib);
          await s.ready({ build: b });
          const loaded = await s.loadLayersModel(model);
          return Array.from(loaded.predict(s.tensor(new Float32Array(xs), [xs.length / 4, 4])).data as Float32Array);
        },
        [`${url}dist/src/index.js`, modelUrl, Array.from(x.data), build] as const,
      );
      assert.equal(got, expected, `predictions in Chromium (${build} build) differ from Node's`);
      assert.equal(errors, []);
    } finally {
      await browser.close();
      server.close();
      files.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test.run();
