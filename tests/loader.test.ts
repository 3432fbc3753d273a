import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instantiate, supportedBuilds, ready, wasm } from '../bindings/loader.js';
import { ACTIVATION_CODES } from '../bindings/codes.js';
import { readFileSync } from 'node:fs';

test('plain and debug builds load on every supported runtime; relaxed is reported when present', async () => {
  const builds = await supportedBuilds();
  assert.ok(builds.includes('plain') && builds.includes('debug'), `builds: ${builds}`);
  console.log(`  wasm builds supported here: ${builds.join(', ')}`);
  for (const b of builds) {
    const m = await instantiate(b);
    const f = m.exports.buildFeatures();
    assert.is(f & 1, 1, `${b}: SIMD bit`);
    assert.is((f >> 1) & 1, b === 'relaxed' ? 1 : 0, `${b}: relaxed bit`);
    assert.is((f >> 3) & 1, b === 'debug' ? 1 : 0, `${b}: asserts bit`);
  }
});

test('ready() returns one shared module; wasm() before ready is ERR_NOT_READY-free after', async () => {
  const a = await ready();
  const b = await ready();
  assert.is(a, b);
  assert.is(wasm(), a);
  assert.ok(['relaxed', 'plain'].includes(a.build));
});

test('activation codes agree between assembly/codes.ts and bindings/codes.ts', () => {
  const src = readFileSync(new URL('../../assembly/codes.ts', import.meta.url), 'utf8');
  const asc = [...src.matchAll(/export const ACT_(\w+): i32 = (\d+)/g)].map((m) => [m[1].toLowerCase().replace(/_(\w)/g, (_, c) => c.toUpperCase()), Number(m[2])]);
  assert.equal(Object.fromEntries(asc), ACTIVATION_CODES);
});

test('unknown build names are rejected with a typed error', async () => {
  try {
    await instantiate('fast' as never);
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'ERR_INVALID_ARGUMENT');
  }
});

test.run();
