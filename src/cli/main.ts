#!/usr/bin/env node
// The `simdnet` command: `simdnet train [options]` trains the MNIST mnist_mlp recipe (npm start);
// `simdnet search [options]` runs a hyperparameter search (src/cli/search.ts); `simdnet study NAME
// --storage URL` shows a shared study (src/cli/study.ts); `simdnet playbook --data ...` runs the
// playbook (src/cli/playbook.ts).
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runTrainCli } from './train.js';

const USAGE = `Usage: simdnet <command> [options]

Commands:
  train     train the Keras mnist_mlp recipe on MNIST (simdnet train --help)
  search    hyperparameter search (simdnet search --help)
  study     state of a study shared through PostgreSQL (simdnet study --help)
  playbook  which training strategies help on your data, with intervals (simdnet playbook --help)

Options:
  -v, --version  print simdnet's version
`;

/** The installed package's version, read from its package.json (dist/src/cli/ -> ../../../). */
export function version(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'train':
      return runTrainCli(rest);
    case 'search':
      // Loaded on demand: `train` does not need the search machinery.
      return (await import('./search.js')).runSearchCli(rest);
    case 'study':
      return (await import('./study.js')).runStudyCli(rest);
    case 'playbook':
      return (await import('./playbook.js')).runPlaybookCli(rest);
    case '-v':
    case '--version':
      console.log(version());
      return 0;
    case undefined:
    case '-h':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`simdnet: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

// Run when this file is the entry point (also through npm's bin symlink), not when imported.
const entry = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : '';
if (entry === import.meta.url) process.exitCode = await main(process.argv.slice(2));
