// Entry point for `node|deno|bun dist/tests/runtimes/smokeMain.js [dir]`: prints one line
// `SMOKE {json}` that tests/runtimes/runtimes.test.ts parses. With `dir` (an empty folder) it also
// runs the file round trip there and reports it as `files`.
import { smoke } from './smoke.js';
import { fileRoundTrip } from './fileRoundTrip.js';

const g = globalThis as { Deno?: { args: string[] }; process?: { argv: string[] } };
const dir = g.Deno ? g.Deno.args[0] : g.process?.argv[2];
const report = await smoke();
console.log(`SMOKE ${JSON.stringify(dir ? { ...report, files: await fileRoundTrip(dir) } : report)}`);
