// GEMM variant selection (bindings/gemmSelect.ts): the chooser on synthetic probe timings (a clear
// winner is taken; a disturbed probe or a lead inside the noise keeps the safe default), the second
// check on an MLP-sized call (a pick it does not confirm, by a tie, a loss, noise or no time, goes
// back to the default), the probe
// on a real module (every class gets a variant of that build, nothing is applied until asked),
// saved selections (round trip through JSON, rejected for another build or an unknown variant), and
// ready()'s `gemm` option.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chooseGemm, confirmGemm, probeGemm, applyGemmSelection, gemmSelection, defaultSelection, NOISY, type ProbeTimings } from '../../bindings/gemmSelect.js';
import { gemmVariants, GEMM_CLASSES } from '../../bindings/gemmVariants.js';
import { instantiate, ready } from '../../bindings/loader.js';
import { ValidationError } from '../../src/errors.js';
import { testBuilds } from '../helpers.js';

const steady = (ms: number) => [ms, ms * 1.01, ms * 1.02, ms * 1.01, ms];

test('chooseGemm takes a clear winner per class, and the default where there is no timing', () => {
  const t: ProbeTimings = {
    NN: { '4x8.b0': steady(1), '2x16.b0': steady(0.8), '4x8s.b0': steady(0.9) },
    TN: { '4x8.b0': steady(1), '3x12.b0': steady(1.2) },
  };
  const { classes, disturbed } = chooseGemm(t);
  assert.is(classes.NN, '2x16.b0');
  assert.is(classes.TN, '4x8.b0', 'slower candidates lose');
  assert.is(classes.NT, '4x8.b0', 'no timings: default');
  assert.equal(disturbed, []);
});

test('chooseGemm falls back to the safe default when the probe is disturbed or the lead is noise', () => {
  // Default's rounds spread by 60% (> NOISY): a preempted probe; even a big "winner" is not trusted.
  const noisy = [1, 1.6, 1.7, 1.9, 1.05];
  const t: ProbeTimings = {
    NN: { '4x8.b0': noisy, '2x16.b0': steady(0.5) },
    // Spread 10%: a 6% lead is inside it.
    NT: { '4x8.b0': [1, 1.1, 1.1, 1.12, 1.05], '4x8s.b0': steady(0.94) },
    // Same spread, a 20% lead is outside it.
    TN: { '4x8.b0': [1, 1.1, 1.1, 1.12, 1.05], '4x8s.b0': steady(0.8) },
    smallK: { '4x8.b0': [1, NaN, 2], '4x8s.b1': steady(0.5) },
  };
  assert.ok(0.6 > NOISY);
  const { classes, disturbed } = chooseGemm(t);
  assert.is(classes.NN, '4x8.b0');
  assert.is(classes.NT, '4x8.b0');
  assert.is(classes.TN, '4x8s.b0');
  assert.is(classes.smallK, '4x8.b0', 'NaN timings count as disturbed');
  assert.equal(disturbed.sort(), ['NN', 'smallK']);
});

test('confirmGemm keeps a probe pick only if the MLP-sized check picks it again', () => {
  const picks = { ...defaultSelection('relaxed').classes, NN: '4x8s.b0', NT: '4x8s.b0', TN: '2x16.b0', narrowN: '3x12.b0', smallK: '4x8s.b1' };
  const check: ProbeTimings = {
    NN: { '4x8.b0': steady(0.4), '4x8s.b0': steady(0.34) }, // 15% faster there too: kept
    NT: { '4x8.b0': steady(0.4), '4x8s.b0': steady(0.392) }, // 2%: a tie inside MIN_GAIN
    TN: { '4x8.b0': steady(0.4), '2x16.b0': steady(0.44) }, // the probe's winner is slower on the MLP-sized call
    narrowN: { '4x8.b0': [0.2, 0.5, 0.6], '3x12.b0': steady(0.1) }, // the check itself was disturbed
    // smallK: not checked (the probe ran out of time)
  };
  const { classes, disturbed, unconfirmed } = confirmGemm(picks, check);
  assert.is(classes.NN, '4x8s.b0');
  assert.is(classes.NT, '4x8.b0');
  assert.is(classes.TN, '4x8.b0');
  assert.is(classes.narrowN, '4x8.b0');
  assert.is(classes.smallK, '4x8.b0');
  assert.is(classes.TT, '4x8.b0');
  assert.equal(disturbed, ['narrowN']);
  assert.equal(unconfirmed, ['NT', 'TN', 'smallK']);
  // Default picks need no check and are never listed.
  const none = confirmGemm(defaultSelection('plain').classes, {});
  assert.equal(none, { classes: defaultSelection('plain').classes, disturbed: [], unconfirmed: [] });
});

test('probeGemm times every class and returns variants of the build; applying it changes the dispatch', async () => {
  for (const build of await testBuilds()) {
    const m = await instantiate(build);
    const before = m.arena.bytesInUse;
    const sel = probeGemm(m);
    const keys = new Set(gemmVariants(build).map((v) => v.key));
    assert.is(sel.build, build);
    assert.is(sel.source, 'probe');
    assert.ok(sel.probeMs! > 0 && sel.warmMs! <= sel.probeMs!);
    for (const c of GEMM_CLASSES) assert.ok(keys.has(sel.classes[c]), `${build} ${c}: ${sel.classes[c]}`);
    assert.is(sel.classes.TT, sel.classes.TN, 'TT takes TN\'s choice');
    for (const c of sel.unconfirmed!) assert.is(sel.classes[c], '4x8.b0', `${build} ${c}: not confirmed, so the default`);
    assert.ok(m.arena.bytesInUse <= before + m.exports.gemmWorkspaceBytes() + 64, 'probe buffers are returned (the workspace stays)');
    assert.is(gemmSelection(m).source, 'default', 'probing applies nothing');
    // A saved selection survives JSON and sets the dispatch of a fresh module.
    const other = await instantiate(build);
    const forced = { ...sel, classes: { ...sel.classes, NN: gemmVariants(build).at(-1)!.key } };
    applyGemmSelection(other, JSON.parse(JSON.stringify(forced)));
    const code = gemmVariants(build).at(-1)!.code;
    assert.is(other.exports.gemmChoose(0, 0, 128, 512, 784), code);
    assert.equal(gemmSelection(other).classes, forced.classes);
  }
});

test('a saved selection for another build, an unknown variant or a bad value is a typed error', async () => {
  const m = await instantiate('plain');
  const bad = (sel: unknown, arg: string) => {
    try {
      applyGemmSelection(m, sel as never);
      assert.unreachable(`accepted ${JSON.stringify(sel)}`);
    } catch (e) {
      assert.instance(e, ValidationError);
      assert.is((e as ValidationError).arg, arg);
    }
  };
  bad({ ...defaultSelection('relaxed') }, 'gemm.build');
  bad({ ...defaultSelection('plain'), classes: { ...defaultSelection('plain').classes, NN: '6x8.b0' } }, 'gemm.classes.NN'); // relaxed only
  bad({ ...defaultSelection('plain'), classes: { ...defaultSelection('plain').classes, TN: 'nope' } }, 'gemm.classes.TN');
  bad(null, 'gemm');
  bad({ build: 'plain' }, 'gemm');
  assert.is(m.exports.gemmChoose(0, 0, 128, 512, 784), 0, 'rejected selections change nothing');
});

test("ready({ gemm }): 'default', a saved selection, and bad values", async () => {
  const m = await ready({ gemm: 'default' });
  assert.is(gemmSelection().source, 'default');
  const saved = { ...defaultSelection(m.build), classes: { ...defaultSelection(m.build).classes, NT: gemmVariants(m.build)[1].key } };
  await ready({ gemm: saved });
  assert.is(gemmSelection().source, 'saved');
  assert.is(gemmSelection().classes.NT, gemmVariants(m.build)[1].key);
  assert.is(m.exports.gemmChoose(0, 1, 128, 784, 512), gemmVariants(m.build)[1].code);
  for (const [value, arg] of [['fastest', 'gemm'], [{ ...saved, build: 'nope' }, 'gemm.build']] as const) {
    try {
      await ready({ gemm: value as never });
      assert.unreachable();
    } catch (e) {
      assert.instance(e, ValidationError);
      assert.is((e as ValidationError).arg, arg);
    }
  }
  await ready({ gemm: 'default' });
});

test.run();
