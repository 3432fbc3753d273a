#!/usr/bin/env node
// The `simdnet` command: `simdnet train [options]` trains the MNIST mnist_mlp recipe (npm start);
// `simdnet search [options]` runs a hyperparameter search (src/cli/search.ts).
import { runTrainCli } from './train.js';

const USAGE = `Usage: simdnet <command> [options]

Commands:
  train     train the Keras mnist_mlp recipe on MNIST (simdnet train --help)
  search    hyperparameter search (simdnet search --help)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'train':
      return runTrainCli(rest);
    case 'search':
      // Loaded on demand: `train` does not need the search machinery.
      return (await import('./search.js')).runSearchCli(rest);
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

const invokedAs = process.argv[1] ?? '';
if (/(^|[\\/])(main\.js|simdnet)$/.test(invokedAs)) process.exitCode = await main(process.argv.slice(2));
