// The peak probe must compute what it claims (12 x 4 chains of acc = acc*w + x), so that its timing
// measures real work: compared with the float64 reference (contracting w < 1 keeps f32 error ~1e-6).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { peakProbeRef } from '../reference/probe.js';
import { moduleFor, testBuilds } from '../helpers.js';

test('peakProbe computes its multiply-add chains', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    for (const [iters, w, x] of [[0, 0.9, 0.1], [1, 0.5, 2], [7, 0.9, 0.1], [1000, 0.999, 0.001]]) {
      const got = m.exports.peakProbe(iters, w, x);
      const want = peakProbeRef(iters, w, x);
      assert.ok(Math.abs(got - want) <= 1e-5 * Math.abs(want), `${build} iters=${iters}: ${got} vs ${want}`);
    }
  }
});

test.run();
