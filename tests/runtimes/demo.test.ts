// The browser demo (examples/browser/) in headless Chromium, served as `npm run demo` serves it:
// the page loads (cross-origin isolated: it trains on every core), trains the whole schedule, the
// running loss falls, the uPlot chart is drawn, the
// test accuracy is that of a trained MLP, and nothing is logged as an error.
// Skipped without /usr/bin/chromium in `npm test`; `npm run test:runtimes` requires it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHROMIUM, chromiumPresent, launchChromium, pageWithErrors } from './browser.js';
import { startServer } from '../../examples/browser/serve.js';

const REQUIRE = process.env.SIMDNET_REQUIRE_RUNTIMES === '1';
// 10,000 training images, batch 64, 5 epochs (examples/browser/demo.ts).
const STEPS = Math.ceil(10000 / 64) * 5;
// Measured in Chromium 156: 0.896 after the first epoch, 0.936 after the fifth; an untrained
// 10-class model scores about 0.1.
const MIN_ACCURACY = 0.9;

if (!chromiumPresent() && !REQUIRE) {
  console.log(`  skipped the browser demo: ${CHROMIUM} is missing (apt-get install chromium; npm run test:runtimes requires it)`);
  test.skip('browser demo trains MNIST in Chromium', () => {});
} else {
  test('browser demo trains MNIST in Chromium', async () => {
    assert.ok(chromiumPresent(), `${CHROMIUM} is missing: apt-get install chromium`);
    const { server, url } = await startServer(0);
    const browser = await launchChromium();
    try {
      const { page, errors } = await pageWithErrors(browser);
      await page.goto(`${url}examples/browser/`);
      await page.waitForFunction(() => ['done', 'error'].includes((window as any).demo?.state), null, { timeout: 120_000 });
      const demo = await page.evaluate(() => (window as any).demo);
      assert.is(demo.state, 'done', demo.error);
      assert.equal(errors, [], 'no console errors, uncaught exceptions or failed requests');
      // serve.ts makes the page cross-origin isolated, so training uses every core the browser reports.
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      assert.is(demo.threads, Math.min(cores, 64), `threads in the page (hardwareConcurrency ${cores})`);
      assert.is(demo.steps, STEPS);
      assert.is(demo.losses.length, STEPS);
      const [first, last] = [demo.losses[0], demo.losses[STEPS - 1]];
      assert.ok(last < first / 4, `running loss ${first} -> ${last}`);
      assert.is(demo.testAccuracy.length, 5);
      assert.ok(demo.testAccuracy[4] >= MIN_ACCURACY, `test accuracy ${demo.testAccuracy}`);
      const canvas = await page.evaluate(() => {
        const c = document.querySelector('#chart canvas') as HTMLCanvasElement | null;
        return c ? [c.width, c.height] : null;
      });
      assert.ok(canvas && canvas[0] > 100 && canvas[1] > 100, `uPlot canvas ${canvas}`);
      console.log(`  demo in Chromium: ${demo.build} build (loaded by ${demo.loadedBy}) on ${demo.threads} thread(s), ${demo.msPerStep.toFixed(2)} ms/step, test accuracy ${demo.testAccuracy.join(' → ')}`);
    } finally {
      await browser.close();
      server.close();
    }
  });
}

test.run();
