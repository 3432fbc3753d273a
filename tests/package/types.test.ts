// The published .d.ts as a browser/Deno TypeScript user meets them (issue 16 item 6): a consumer with
// lib ["DOM", "ES2022"], no @types/node (`types: []`) and `skipLibCheck: false` type-checks code that
// imports `simdnet` (installed from the packed tarball, tests/package/tarball.ts, so package.json
// "exports" picks the types users get). The same file holds misspelt string options under `@ts-expect-error`: tsc fails
// on an unused @ts-expect-error, so each misspelling must be a compile error (literal unions, not
// `string`), and the correct spellings beside them must compile.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO, write } from '../bundle/consumer.js';
import { appDir } from './tarball.js';

const CONSUMER = `import { ready, sequential, dense, conv2d, adam, tensor, type ActivationIdentifier } from 'simdnet';
import { eda, textVectorization, WordNet, type Synonyms } from 'simdnet';

await ready();
const ok: ActivationIdentifier[] = ['relu', 'leakyRelu', 'leaky_relu', 'softmax', 'swish', 'gelu'];
const model = sequential({ seed: 1, layers: [dense({ units: 4, activation: ok[0], inputShape: [3] }), dense({ units: 2, activation: 'softmax' })] });
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
model.compile({ optimizer: adam({ learningRate: 1e-3 }), loss: 'mse', metrics: ['mae'], weightedMetrics: ['mean_absolute_error'] });
const y: Float32Array = model.predict(tensor(new Float32Array(6), [2, 3])).data;
console.log(y.length);
// Text augmentation from the root (issue 18 item 11): its .d.ts must not need Node's Buffer either.
const own: Synonyms = { synonyms: (w) => [w + 's'] };
const texts: string[] = eda('a quick fox', { seed: 1, wordnet: own });
const x2 = textVectorization({ outputMode: 'int', outputSequenceLength: 4 }).adapt(texts).vectorize(texts);
console.log(x2.shape, new WordNet({ dir: '/wordnet' }).synonyms('car').length);

// @ts-expect-error 'rellu' is not an activation
dense({ units: 4, activation: 'rellu' });
// @ts-expect-error 'relu7' is not an activation
conv2d({ filters: 2, kernelSize: 3, activation: 'relu7' });
// @ts-expect-error 'hinge' is not a loss simdnet has
model.compile({ loss: 'hinge' });
// @ts-expect-error 'adamm' is not an optimizer
model.compile({ loss: 'mse', optimizer: 'adamm' });
// @ts-expect-error 'acuracy' is not a metric
model.compile({ loss: 'mse', metrics: ['acuracy'] });
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'ES2022', moduleResolution: 'bundler', lib: ['DOM', 'ES2022'], types: [],
    strict: true, skipLibCheck: false, noEmit: true,
  },
  files: ['app.ts'],
};

test('the .d.ts compile without @types/node in a DOM project, and misspelt names do not', () => {
  const dir = appDir('dom-types');
  write(dir, 'app.ts', CONSUMER);
  write(dir, 'tsconfig.json', JSON.stringify(TSCONFIG, null, 2));
  const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', dir, '--listFiles'], { cwd: dir, encoding: 'utf8' });
  const files = r.stdout.split('\n').filter((l) => l.endsWith('.d.ts') || l.endsWith('.ts'));
  const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
  assert.equal(errors, [], 'tsc errors in the consumer');
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.ok(files.some((f) => f.includes('/node_modules/simdnet/dist/src/index.d.ts')), 'the types came from the installed dist/src/index.d.ts (package.json exports)');
  assert.not.ok(files.some((f) => f.includes('@types/node')), `@types/node was pulled in: ${files.filter((f) => f.includes('@types/node')).slice(0, 3)}`);
});

test.run();
