// A playbook distributed through PostgresStorage (issue 17 item 3), on a throwaway cluster
// (tests/search/postgres/suite.ts): two playbooks started at once on the same CSV file and study
// share the runs. Each phase is the study NAME-<phase>; fmin hands out trial numbers and trial t of
// a list phase is run t, so no run is trained twice, and both derive the same next phase from the
// shared results: the same arms, verdicts and final number as a playbook run alone on a journal.
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { playbook, playbookJson, type PlaybookOptions } from '../../src/playbook/index.js';
import { PostgresStorage } from '../../src/search/postgres/postgres-storage.js';
import { Rng } from '../../src/rng.js';
import { postgresSuite, runPostgresSuite } from '../search/postgres/suite.js';

const t = postgresSuite('playbook on postgres');

const dir = mkdtempSync(join(tmpdir(), 'simdnet-playbook-pg-'));
const csv = join(dir, 'blobs.csv');
{
  const rng = new Rng(21);
  const rows = ['a,b,c,label'];
  for (let i = 0; i < 160; i++) {
    const k = rng.int(2);
    rows.push(`${k - 0.5 + rng.uniform() - 0.5},${rng.uniform()},${k ? 0.3 : -0.3},${k}`);
  }
  writeFileSync(csv, rows.join('\n') + '\n');
}

const base: PlaybookOptions = { data: csv, model: { family: 'mlp', hidden: [8] }, epochs: 3, seeds: 2, strategies: { l2: [1e-3], dropout: [0.2] }, budget: '10runs', search: false };

t('two playbooks share one study: every run trained once, both get the result of a lone run', async ({ cluster, db }) => {
  const storage = (phase: string) => new PostgresStorage(cluster.url(), { study: `pb-${phase}` });
  let trained = 0;
  const count = (l: string) => void (/ ok /.test(l) && trained++);
  const [a, b] = await Promise.all([playbook({ ...base, storage, onProgress: count }), playbook({ ...base, storage, onProgress: count })]);
  const alone = await playbook({ ...base, journal: join(dir, 'alone') });
  assert.equal(playbookJson(a).arms, playbookJson(alone).arms, 'the shared study has the lone run\'s numbers');
  assert.equal(playbookJson(b).arms, playbookJson(alone).arms);
  assert.is(a.final.testMetric, alone.final.testMetric);
  assert.is(b.final.testMetric, alone.final.testMetric);
  // Rows per phase: arms (2 baseline seeds + 2 arms), seeds (1 more seed per surviving arm), final
  // (the selection run) and refit (the shipped model), one each.
  const res = await db.query(`SELECT s.name, count(*)::int AS n, count(DISTINCT t.number)::int AS d FROM simdnet_trials t JOIN simdnet_studies s ON s.id = t.study_id GROUP BY s.name ORDER BY s.name`);
  const byStudy = Object.fromEntries(res.rows.map((r: { name: string; n: number; d: number }) => [r.name, r]));
  assert.is(byStudy['pb-arms'].n, 4);
  assert.is(byStudy['pb-arms'].d, 4, 'no trial number twice');
  assert.is(byStudy['pb-final'].n, 1, 'one final selection run for both workers');
  assert.is(byStudy['pb-refit'].n, 1, 'one refit for both workers');
  const total = res.rows.reduce((s: number, r: { n: number }) => s + r.n, 0);
  assert.is(trained, total, `each of the ${total} runs was trained by exactly one of the two playbooks`);
});

runPostgresSuite(t, 'playbook on postgres');
