// The progress bar: one line per epoch off a TTY (with time, samples/s, loss, metrics, val_*),
// live redraws with a bar and ETA on a TTY, silence at verbose 0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { progressBar } from '../../src/callbacks/index.js';
import { formatSeconds, formatValue } from '../../src/callbacks/progressBar.js';
import type { TrainingParams } from '../../src/callbacks/callback.js';

const params = (over: Partial<TrainingParams> = {}): TrainingParams => ({
  epochs: 2, initialEpoch: 0, steps: 4, batchSize: 128, samples: 500, verbose: 1, metrics: ['loss', 'accuracy'], ...over,
});

function drive(cb: ReturnType<typeof progressBar>, p: TrainingParams): void {
  cb.setParams(p);
  for (let e = 0; e < p.epochs; e++) {
    cb.onEpochBegin(e);
    for (let b = 0; b < (p.steps ?? 3); b++) cb.onBatchEnd(b, { loss: 1 / (b + 1), accuracy: 0.5 });
    cb.onEpochEnd(e, { loss: 0.25, accuracy: 0.5, val_loss: 0.3, val_accuracy: 0.45, learning_rate: 1e-5 });
  }
}

test('not a TTY: exactly one line per epoch with the epoch summary', () => {
  let out = '';
  drive(progressBar({ stream: { write: (s: string) => (out += s), isTTY: false } }), params());
  const lines = out.split('\n');
  assert.is(lines.length, 3);
  assert.is(lines[2], '');
  assert.not.match(out, /\r/);
  assert.match(lines[0], /^Epoch 1\/2 4\/4 \[=+\] \d+\.\ds [\d.]+k? samples\/s - loss: 0\.2500 - accuracy: 0\.5000 - val_loss: 0\.3000 - val_accuracy: 0\.4500 - learning_rate: 1\.0000e-5$/);
  assert.match(lines[1], /^Epoch 2\/2 /);
});

test('TTY: live redraws with bar, ETA and running metrics, then the summary line', () => {
  let out = '';
  drive(progressBar({ stream: { write: (s: string) => (out += s), isTTY: true }, intervalMs: 0, width: 10 }), params({ epochs: 1 }));
  assert.match(out, /\rEpoch 1\/1 1\/4 \[==>\.{7}\] ETA \S+ [\d.]+k? samples\/s - loss: 1\.0000 - accuracy: 0\.5000/);
  assert.match(out, /\rEpoch 1\/1 4\/4 \[={10}\] \d/);
  assert.ok(out.endsWith('\n'));
  let v2 = '';
  drive(progressBar({ stream: { write: (s: string) => (v2 += s), isTTY: true }, intervalMs: 0 }), params({ verbose: 2 }));
  assert.not.match(v2, /\r|ETA/, 'verbose 2: one line per epoch even on a TTY');
  let v0 = '';
  drive(progressBar({ stream: { write: (s: string) => (v0 += s), isTTY: true } }), params({ verbose: 0 }));
  assert.is(v0, '');
});

test('unknown length streams: counts without a bar', () => {
  let out = '';
  drive(progressBar({ stream: { write: (s: string) => (out += s) } }), params({ steps: null, samples: null, epochs: 1 }));
  assert.match(out, /^Epoch 1\/1 3 \d/);
  assert.not.match(out, /\[/);
});

test('number formats', () => {
  assert.is(formatValue(0.123456), '0.1235');
  assert.is(formatValue(0.0001), '1.0000e-4');
  assert.is(formatValue(0), '0.0000');
  assert.is(formatSeconds(5.04), '5.0s');
  assert.is(formatSeconds(125), '2m05s');
  assert.is(formatSeconds(7300), '2h01m');
});

test.run();
