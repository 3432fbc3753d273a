// mnist_mlp training speed per runtime (Node, Deno, Bun, headless Chromium; the newest Node too when
// SIMDNET_NODES lists it), on the relaxed and the plain build, side by side in one run. Each runtime
// runs bench/runtimes/step.ts in a fresh process (or page): one warm-up fit, then 3 fits of 24
// steps. Runtimes are interleaved round by round (ROUNDS, default 3) because the machine is shared;
// the table gives the best and the median ms/step over all rounds and the ratio of the best to Node's.
// Runtimes that are missing are left out with a note (this is a bench, not a test).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import type { StepTiming } from './runtimes/step.js';
import { chromiumPresent, launchChromium } from '../tests/runtimes/browser.js';
import { startServer } from '../examples/browser/serve.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const MAIN = fileURLToPath(new URL('./runtimes/stepMain.js', import.meta.url));
const nm = (p: string) => fileURLToPath(new URL(`../../node_modules/${p}`, import.meta.url));
const BUILDS = ['relaxed', 'plain'] as const;

function child(cmd: string, args: string[]): Promise<StepTiming> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SIMDNET_WASM: '' } });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('error', reject);
    c.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('STEP '));
      if (code !== 0 || !line) reject(new Error(`${cmd} exited ${code}: ${out}`));
      else resolve(JSON.parse(line.slice(5)));
    });
  });
}

type Runner = (build: string) => Promise<StepTiming>;
const runners: [string, Runner][] = [[`node ${process.versions.node}`, (b) => child(process.execPath, [MAIN, b])]];
for (const p of (process.env.SIMDNET_NODES ?? '').split(delimiter).filter(Boolean)) runners.push([`node at ${p}`, (b) => child(p, [MAIN, b])]);
const deno = nm('@deno/linux-x64-glibc/deno');
const bun = nm('@oven/bun-linux-x64/bin/bun');
if (existsSync(deno)) runners.push(['deno', (b) => child(deno, ['run', '--allow-read', MAIN, b])]);
else console.log(`(deno missing: ${deno})`);
if (existsSync(bun)) runners.push(['bun', (b) => child(bun, [MAIN, b])]);
else console.log(`(bun missing: ${bun})`);

let closeBrowser = async () => {};
if (chromiumPresent()) {
  const { server, url } = await startServer(0);
  const browser = await launchChromium();
  closeBrowser = async () => {
    await browser.close();
    server.close();
  };
  runners.push([
    'chromium',
    async (b) => {
      const page = await browser.newPage(); // a fresh page (and wasm instance) per run, as a fresh process elsewhere
      try {
        await page.goto(`${url}tests/runtimes/blank.html`);
        return await page.evaluate(async ([mod, build]) => (await import(mod)).timeSteps(build), [`${url}dist/bench/runtimes/step.js`, b] as const);
      } finally {
        await page.close();
      }
    },
  ]);
} else console.log('(chromium missing: /usr/bin/chromium)');

const results = new Map<string, number[]>();
const labels = new Map<string, string>(); // runner name -> the runtime and version it reported
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const build of BUILDS) {
      for (const [name, run] of runners) {
        const t = await run(build);
        const key = `${name}|${build}`;
        results.set(key, [...(results.get(key) ?? []), ...t.msPerStep]);
        labels.set(name, t.runtime);
        if (t.build !== build) throw new Error(`${name} ran the ${t.build} build, asked for ${build}`);
      }
    }
  }
} finally {
  await closeBrowser();
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`\n### mnist_mlp step (784-512-512-10, batch 128, RMSprop), ms/step; ${cpus()[0]?.model ?? 'cpu ?'}, ${ROUNDS} rounds x 3 fits of 24 steps, ${new Date().toISOString().slice(0, 16)} UTC\n`);
console.log('| runtime | build | best ms/step | median | samples/s (best) | best vs Node, same build |');
console.log('|---|---|---|---|---|---|');
for (const build of BUILDS) {
  const ref = Math.min(...(results.get(`${runners[0][0]}|${build}`) ?? [NaN]));
  for (const [name] of runners) {
    const v = results.get(`${name}|${build}`) ?? [];
    const best = Math.min(...v);
    console.log(`| ${labels.get(name) ?? name} | ${build} | ${best.toFixed(2)} | ${median(v).toFixed(2)} | ${Math.round((128 * 1000) / best)} | ${(ref / best).toFixed(2)}x |`);
  }
}
