// Arms that change the data each epoch (augmentation) train until they converge and are paired
// with the converge control, the baseline trained the same way (issue 17: at 10 epochs the
// augmentation arm lost 7.3 points on 1,000 MNIST images and won 5.3 at 40; comparing 40 augmented
// epochs with 10 of the baseline would credit augmentation with the longer training). The data-size
// points converge the same way (a fixed length gives the smaller sets fewer steps).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { playbook, playbookJson } from '../../src/playbook/index.js';
import { makeArms, type Arm } from '../../src/playbook/arms.js';
import { baselineConfig } from '../../src/playbook/config.js';
import { halve } from '../../src/playbook/halving.js';
import { CONTROL } from '../../src/playbook/results.js';
import { bars } from './bars.js';

const base = baselineConfig({ family: 'mlp', hidden: [8] }, 10);

test('the augmentation arm trains up to convergeEpochs with early stopping; the other arms keep the baseline epochs', () => {
  const arms = makeArms('t', base, 'image', { augmentation: true, l2: [1e-3] }, 40);
  const aug = arms.find((a) => a.strategy === 'augmentation') as Arm;
  assert.equal(aug.config, { ...base, augment: true, epochs: 40, earlyStopping: true, patience: 10 });
  assert.ok(aug.converges);
  const l2 = arms.find((a) => a.strategy === 'l2') as Arm;
  assert.equal(l2.config, { ...base, l2: 1e-3 });
  assert.not.ok(l2.converges);
});

test('successive halving measures a converging arm against the control, the others against the baseline', () => {
  const arms = makeArms('t', base, 'image', { augmentation: true, l2: [1e-3], dropout: [0.2] }, 40);
  // Seed 1: baseline 0.90, control 0.80; augmentation 0.85 is 5 points below the baseline but 5
  // above the training it is paired with; l2 0.88 loses 2 points; dropout 0.95 gains 5.
  const metrics = new Map([['augmentation=true', 0.85], ['l2=0.001', 0.88], ['dropout=0.2', 0.95]]);
  const h = halve(arms, { metrics, baseline: 0.9, control: 0.8, sign: 1 });
  assert.ok(Math.abs((h.gains.get('augmentation=true') as number) - 0.05) < 1e-12);
  assert.equal([...h.halved], ['l2=0.001']);
  assert.equal(h.survivors.map((a) => a.id).sort(), ['augmentation=true', 'dropout=0.2']);
  // Without the control's seed 1 (budget) a converging arm has no gain: it gets no more seeds.
  const none = halve(arms, { metrics, baseline: 0.9, control: NaN, sign: 1 });
  assert.not.ok(none.gains.has('augmentation=true'));
  assert.not.ok(none.survivors.some((a) => a.converges));
});

test('a playbook with augmentation runs the converge control on the same seeds and pairs the arm with it', async () => {
  const lines: string[] = [];
  const r = await playbook({
    data: bars(160, 8, 5), model: { family: 'cnn', filters: [4], kernelSize: 3, poolSize: 2, hidden: [] }, epochs: 2, convergeEpochs: 6, seeds: 2,
    // The only prunable arm is never below the median arm (itself): augmentation gets both seeds.
    budget: '10runs', strategies: { augmentation: true, dataSize: [0.5] }, search: false, onProgress: (l) => lines.push(l),
  });
  const c = r.control;
  assert.ok(c, 'a control');
  assert.equal(c.config, { ...r.baseline.config, epochs: 6, earlyStopping: true, patience: 3 });
  assert.is(c.metrics.length, 2, 'the control ran both seeds');
  assert.ok(lines.some((l) => new RegExp(`${CONTROL} seed 2 ok`).test(l)), lines.join('\n'));
  // Early stopping (patience 3) cannot end a run before epoch 4: the control and the arm trained
  // beyond the baseline's 2 epochs.
  assert.ok(c.epochs.every((e) => e >= 4 && e <= 6), JSON.stringify(c.epochs));
  assert.ok(r.curves['augmentation=true'].length >= 4, 'the augmented runs trained beyond 2 epochs');
  assert.is(r.curves.baseline.length, 2);
  const aug = r.arms.find((a) => a.strategy === 'augmentation');
  const half = r.arms.find((a) => a.strategy === 'dataSize');
  assert.is(aug?.against, 'control');
  assert.is(half?.against, 'control', 'the data-size point converges too: paired with the control');
  assert.is(aug?.runs, 2);
  assert.ok(Math.abs((aug?.baseline as number) - c.mean) < 1e-12, 'the arm is paired with the control');
  assert.ok(Math.abs((half?.baseline as number) - c.mean) < 1e-12, 'the data-size point is paired with the control');
  // At 50% of the rows for 2 epochs the point would read a model with a quarter of the baseline's
  // steps (the fixed length the data-size arms had before); it now trains beyond the 2 epochs.
  assert.ok(r.curves['dataSize=0.5'].length >= 4, `data-size curve: ${r.curves['dataSize=0.5'].length} epochs`);
  const full = r.dataSize.find((p) => p.fraction === 1);
  assert.ok(full && Math.abs(full.mean - c.mean) < 1e-12, 'the curve\'s 100% point is the control, trained like the points');
  assert.ok(Math.abs((aug?.meanDiff as number) - ((aug?.mean as number) - c.mean)) < 1e-12);
  if (r.final.config.augment) assert.is(r.final.selection.cap, 6, 'a final model with augmentation converges as in the study');
  const json = playbookJson(r) as { arms: Record<string, unknown>[]; control: { metrics: number[] }; pairedWithControl: string[] };
  for (const a of json.arms) assert.equal(Object.keys(a), ['strategy', 'setting', 'metric', 'baseline', 'mean', 'meanDiff', 'ci', 'verdict', 'runs'], 'the contract fields only');
  assert.equal(json.pairedWithControl, ['augmentation=true', 'dataSize=0.5']);
  assert.is(json.control.metrics.length, 2);
  const noAug = await playbook({ data: bars(100, 8, 6), epochs: 1, seeds: 2, budget: '4runs', strategies: ['l2'], search: false });
  assert.is(noAug.control, null, 'no converging arm, no control');
});

test.run();
