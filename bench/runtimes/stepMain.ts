// `node|deno|bun dist/bench/runtimes/stepMain.js <build>`: prints `STEP {json}` for runtimes.bench.ts.
import { timeSteps } from './step.js';

const g = globalThis as { Deno?: { args: string[] }; process?: { argv: string[] } };
const build = (g.Deno ? g.Deno.args[0] : g.process?.argv[2]) as 'plain' | 'relaxed' | undefined;
console.log(`STEP ${JSON.stringify(await timeSteps(build))}`);
