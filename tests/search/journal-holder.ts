// Child process for journal-lock.test.ts: holds the journal at argv[2] open (and so its lock) until
// killed, after printing 'locked' so the parent knows the lock is taken.
import { JournalStorage } from '../../src/search/journal.js';

const storage = new JournalStorage(process.argv[2]);
await storage.open('holder-fingerprint');
process.stdout.write('locked\n');
setInterval(() => {}, 1000);
