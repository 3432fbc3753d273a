// The registry contract (bindings/registry.ts): every kernel the wasm module exports has a row whose
// arity matches, a plain-TypeScript reference and a bench case; and every row names a real export.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KERNELS, RUNTIME_EXPORTS } from '../bindings/registry.js';
import { REFERENCES } from './reference/index.js';
import { BENCH_CASES } from '../bench/cases/index.js';
import { moduleFor, testBuilds } from './helpers.js';

test('every wasm function export is a registered kernel with reference and bench case', async () => {
  for (const build of await testBuilds()) {
    const m = await moduleFor(build);
    const fns = Object.entries(m.exports).filter(([, v]) => typeof v === 'function');
    for (const [name, fn] of fns) {
      if (RUNTIME_EXPORTS.includes(name)) continue;
      const row = KERNELS.find((k) => k.name === name);
      assert.ok(row, `${build}: export ${name} has no row in bindings/registry.ts`);
      assert.is(fn.length, row!.args.length, `${build}: ${name} takes ${fn.length} args, registry says ${row!.args.length}`);
      assert.type(REFERENCES[name], 'function', `${name} has no reference in tests/reference/`);
      assert.ok(BENCH_CASES[name], `${name} has no bench case in bench/cases/`);
    }
    for (const row of KERNELS) assert.type(m.exports[row.name], 'function', `${build}: registry row ${row.name} is not exported`);
  }
});

test('registry names are unique', () => {
  const names = KERNELS.map((k) => k.name);
  assert.is(new Set(names).size, names.length);
});

test.run();
