// Child process for the kill -9 test (journal.test.ts): runs the journal search; the trial with tid
// `hangAt` never returns, so the parent can kill the process while that trial is running.
import { fmin } from '../../src/search/fmin.js';
import { JournalStorage } from '../../src/search/journal.js';
import { Trials } from '../../src/search/trials.js';
import { journalSearch } from './journal-search.js';

const [path, hangAt] = process.argv.slice(2);
await fmin({
  ...journalSearch,
  fn: async (p: { x: number; o: string }, trial) => {
    if (trial.tid === Number(hangAt)) await new Promise(() => setInterval(() => {}, 1000));
    return journalSearch.fn(p);
  },
  trials: new Trials(new JournalStorage(path)),
});
