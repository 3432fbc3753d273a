// The built-in data sources, named so that a worker thread can load the same task on its own:
// 'mnist' (60,000 training images, [n, 28, 28, 1] in [0, 1], and the 10,000 test images), 'spam'
// (the SpamAssassin corpus, 6,046 e-mails; with a limit, the first `limit` of a seeded permutation
// are the training pool and the rest the test set), or a CSV / JSON-lines file (files.ts).
// `limit` caps the training pool (training + validation) before the split.
import { ValidationError } from '../errors.js';
import { Rng } from '../rng.js';
import { nodeOnlyModule } from '../../bindings/nodeImport.js';
import { mnist } from '../data/mnist.js';
import { readTable } from './files.js';
import { takeRows, type PlaybookData } from './task.js';

export interface SourceSpec {
  /** 'mnist', 'spam', or a path to a .csv / .jsonl file. */
  source: string;
  limit?: number;
  /** Files: the label column (default 'label'). */
  labelColumn?: string;
  seed: number;
}

export async function loadSource(spec: SourceSpec): Promise<{ data: PlaybookData; description: string }> {
  const fn = 'playbook';
  if (spec.source === 'mnist') {
    const m = await mnist();
    const n = Math.min(spec.limit ?? m.train.x.shape[0], m.train.x.shape[0]);
    const idx = new Rng(spec.seed).shuffle(Int32Array.from({ length: m.train.x.shape[0] }, (_, i) => i)).subarray(0, n);
    const x = takeRows(m.train.x, idx);
    return {
      data: { x: { data: x.data, shape: [n, 28, 28, 1] }, y: takeRows(m.train.y, idx), xTest: { data: m.test.x.data, shape: [m.test.x.shape[0], 28, 28, 1] }, yTest: m.test.y },
      description: `MNIST (${n} of 60000 training images)`,
    };
  }
  if (spec.source === 'spam') {
    // Loaded on demand: the corpus reader needs node:fs, and src/index.js must load in browsers.
    const { spamAssassin } = await nodeOnlyModule<typeof import('../data/spamAssassin.js')>('../data/spamAssassin.js', import.meta.url);
    const all = spamAssassin();
    const order = new Rng(spec.seed ^ 0x5a5a).shuffle(Array.from(all, (_, i) => i));
    const n = Math.min(spec.limit ?? Math.floor(all.length * 0.8), all.length - 1);
    const pick = (ix: number[]) => ({ texts: ix.map((i) => all[i].text), labels: ix.map((i) => all[i].label as number) });
    const train = pick(order.slice(0, n));
    const test = pick(order.slice(n));
    return { data: { texts: train.texts, labels: train.labels, testTexts: test.texts, testLabels: test.labels }, description: `SpamAssassin (${n} e-mails; the other ${all.length - n} are the test set)` };
  }
  if (/\.(csv|jsonl|ndjson|json)$/i.test(spec.source)) {
    const data = await readTable(spec.source, spec.labelColumn ?? 'label', spec.limit);
    return { data, description: spec.source };
  }
  throw new ValidationError(fn, 'data', "'mnist', 'spam', or a .csv / .jsonl file", spec.source);
}
