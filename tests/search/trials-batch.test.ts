// Trials.record batches writes (issue 18 item 20, "batch what can be batched"): events recorded while
// a write is in flight go to the storage together, through appendBatch where the storage has one
// (PostgreSQL: one statement per trial, so one commit), else one append each as before; the order is
// kept, flush() waits for all of them, and a failed write is reported by flush.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Trials } from '../../src/search/trials.js';
import type { TrialStorage } from '../../src/search/storage.js';
import type { TrialEvent } from '../../src/search/trial.js';

/** A storage whose writes take a tick each, recording what each write call carried. */
function slowStorage(batch: boolean, fail = false): TrialStorage & { calls: string[][] } {
  const calls: string[][] = [];
  const name = (e: TrialEvent) => `${e.op}${e.tid}`;
  const wait = () => new Promise<void>((r) => setTimeout(r, 5));
  const s: TrialStorage & { calls: string[][] } = {
    calls,
    open: async () => [],
    append: async (e) => {
      calls.push([name(e)]);
      await wait();
      if (fail) throw new Error('disk full');
    },
    close: async () => {},
  };
  if (batch) {
    s.appendBatch = async (events) => {
      calls.push(events.map(name));
      await wait();
    };
  }
  return s;
}

const start = (tid: number): TrialEvent => ({ op: 'start', tid, vals: { x: 0 }, time: 1 });
const report = (tid: number, step: number): TrialEvent => ({ op: 'report', tid, step, value: step });
const finish = (tid: number): TrialEvent => ({ op: 'finish', tid, status: 'ok', loss: 1, result: {}, error: null, time: 2 });

test('events recorded while a write is in flight are written together, in order, by appendBatch', async () => {
  const storage = slowStorage(true);
  const trials = new Trials(storage);
  trials.record(start(0));
  await new Promise((r) => setTimeout(r, 1)); // the start's write is under way
  trials.record(report(0, 0));
  trials.record(report(0, 1));
  trials.record(finish(0));
  await trials.flush();
  assert.equal(storage.calls, [['start0'], ['report0', 'report0', 'finish0']]);
  assert.is(trials.get(0)?.status, 'ok', 'the record itself is applied at once');
});

test('without appendBatch each event is one append, in order', async () => {
  const storage = slowStorage(false);
  const trials = new Trials(storage);
  for (const e of [start(0), report(0, 0), start(1), finish(0), finish(1)]) trials.record(e);
  await trials.flush();
  assert.equal(storage.calls, [['start0'], ['report0'], ['start1'], ['finish0'], ['finish1']]);
});

test('a failed write is what flush() throws; later records are still written', async () => {
  const storage = slowStorage(false, true);
  const trials = new Trials(storage);
  const flushError = () => trials.flush().then(() => 'no error', (e: Error) => e.message);
  trials.record(start(0));
  assert.is(await flushError(), 'disk full');
  trials.record(finish(0));
  assert.is(await flushError(), 'disk full');
  assert.equal(storage.calls, [['start0'], ['finish0']]);
});

test.run();
