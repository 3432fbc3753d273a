// `simdnet playbook` end to end on a small CSV file: exit codes, the JSON contract, the report, and
// nothing written for bad input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlaybookCli } from '../../src/cli/playbook.js';
import { Rng } from '../../src/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'simdnet-playbook-cli-'));
const csv = join(dir, 'two-moons.csv');
{
  const rng = new Rng(5);
  const rows = ['a,b,c,label'];
  for (let i = 0; i < 150; i++) {
    const a = rng.uniform() * 2 - 1, b = rng.uniform() * 2 - 1;
    rows.push(`${a},${b},${rng.uniform()},${a * b > 0 ? 'yes' : 'no'}`);
  }
  writeFileSync(csv, rows.join('\n') + '\n');
}

test('simdnet playbook on a CSV file writes the report and the JSON', async () => {
  const lines: string[] = [];
  const json = join(dir, 'out.json');
  const report = join(dir, 'out.html');
  const code = await runPlaybookCli(['--data', csv, '--budget', '8runs', '--seeds', '2', '--epochs', '3', '--strategies', 'l2,dropout', '--no-search', '--json', json, '--report', report, '--quiet'], (l) => lines.push(l));
  assert.is(code, 0, lines.join('\n'));
  const out = JSON.parse(readFileSync(json, 'utf8'));
  assert.is(out.arms.length, 4, 'two L2 strengths and two dropout rates');
  for (const a of out.arms) assert.equal(Object.keys(a), ['strategy', 'setting', 'metric', 'baseline', 'mean', 'meanDiff', 'ci', 'verdict', 'runs']);
  assert.equal(Object.keys(out.final), ['config', 'testMetric', 'metric']);
  assert.is(out.final.metric, 'accuracy');
  assert.is(out.task.testRows, 30, '20% of 150 rows held out as the test set');
  const html = readFileSync(report, 'utf8');
  assert.match(html, /aria-label="forest plot"/);
  assert.match(html, /const model = sequential/);
  assert.ok(lines.some((l) => l.startsWith('| l2 | 0.0001 |')), 'the arms table is printed');
});

test('bad input exits 2 and writes nothing', async () => {
  const sub = mkdtempSync(join(dir, 'bad-'));
  const lines: string[] = [];
  const args = (extra: string[]) => ['--data', csv, '--json', join(sub, 'x.json'), '--report', join(sub, 'x.html'), '--journal', join(sub, 'j'), '--quiet', ...extra];
  assert.is(await runPlaybookCli(args(['--strategies', 'l2,warpdrive']), (l) => lines.push(l)), 2);
  assert.match(lines.join('\n'), /warpdrive/);
  assert.is(await runPlaybookCli(args(['--budget', '2runs']), (l) => lines.push(l)), 2);
  assert.match(lines.join('\n'), /need about 5 runs/);
  assert.is(await runPlaybookCli(args(['--metric', 'mae']), (l) => lines.push(l)), 2);
  assert.is(await runPlaybookCli(['--budget', '10runs'], (l) => lines.push(l)), 2, '--data is required');
  assert.equal(readdirSync(sub), []);
  assert.not.ok(existsSync(join(process.cwd(), 'playbook-report.html')));
});

test('the bad-input list: every argument error exits 2, names the problem and writes nothing', async () => {
  const sub = mkdtempSync(join(dir, 'bad-list-'));
  const ragged = join(dir, 'ragged.csv');
  writeFileSync(ragged, 'a,b,label\n1,2,yes\n3,no\n5,6,yes\n');
  const notJson = join(dir, 'broken.jsonl');
  writeFileSync(notJson, '{"a": 1, "label": 0}\n{"a": 2, "label"\n');
  const cases: [string[], RegExp][] = [
    [['--data', 'mnits'], /'mnist', 'spam', or a \.csv \/ \.jsonl file/],
    [['--data', join(dir, 'absent.csv')], /cannot read/],
    [['--data', ragged], /line 3 has 2 fields, the header 3/],
    [['--data', notJson], /line 2 is not JSON/],
    [['--data', csv, '--label-column', 'species'], /labelColumn/],
    [['--data', csv, '--budget', '30x'], /budget/],
    [['--data', csv, '--budget', '0m'], /budget/],
    [['--data', csv, '--budget', '2.5runs'], /whole number of runs/],
    [['--data', csv, '--seeds', '0'], /seeds/],
    [['--data', csv, '--seeds', 'three'], /--seeds needs an integer, got three/],
    [['--data', csv, '--limit', '-5'], /limit/],
    [['--data', csv, '--epochs', '0'], /epochs/],
    [['--data', csv, '--metric', 'f1'], /metric/],
    [['--data', csv, '--parallelism', '0'], /parallelism/],
    [['--data', csv, '--storage', 'postgresql://x/y'], /--storage postgresql:\/\/\.\.\. and --study NAME go together/],
    [['--data', csv, '--frobnicate'], /frobnicate/],
    [['--data', csv, '--model', 'resnet'], /--model is mlp or cnn, got resnet/],
    [['--data', csv, '--model', 'cnn'], /CNN needs images/],
  ];
  for (const [extra, message] of cases) {
    const lines: string[] = [];
    const code = await runPlaybookCli([...extra, '--json', join(sub, 'x.json'), '--report', join(sub, 'x.html'), '--journal', join(sub, 'j'), '--quiet'], (l) => lines.push(l));
    assert.is(code, 2, `${extra.join(' ')}: exit ${code}\n${lines.join('\n')}`);
    assert.match(lines.join('\n'), message, extra.join(' '));
  }
  assert.equal(readdirSync(sub), [], 'no journal, report or JSON written');
});

test.run();
