// Entry point for `node|deno|bun dist/tests/runtimes/smokeMain.js`: prints one line
// `SMOKE {json}` that tests/runtimes/runtimes.test.ts parses.
import { smoke } from './smoke.js';

console.log(`SMOKE ${JSON.stringify(await smoke())}`);
