// `npm run train -- --recipe reference --out model/reference`: the training CLI (flags -> train()).
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, train } from './train/main';
import { isRecipeName, RECIPES } from './train/model';

const USAGE = `usage: npm run train -- [--recipe ${Object.keys(RECIPES).join('|')}] [--epochs N] [--batch-size N]
                          [--seed N] [--limit N] [--threads N] [--out DIR]
  --recipe      architecture and settings (default reference)
  --epochs      default: the recipe's
  --batch-size  default: the recipe's
  --seed        weight init, shuffling, augmentation and dropout (default ${DEFAULT_SEED})
  --limit       train on the first N training images (smoke runs)
  --threads     data-parallel worker threads, 1 = in-process (default: the number of cores, ${availableParallelism()})
  --out         output directory for model.json, weights.bin, metrics.json (default model/<recipe>)`;

function fail(message: string): never {
  console.error(`train: ${message}\n${USAGE}`);
  process.exit(2);
}

function positiveInt(flag: string, value: string | undefined, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || (!allowZero && n === 0)) {
    fail(`--${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${value}'`);
  }
  return n;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      recipe: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      seed: { type: 'string' },
      limit: { type: 'string' },
      threads: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const recipe = values.recipe ?? 'reference';
if (!isRecipeName(recipe)) fail(`unknown recipe '${recipe}'; known: ${Object.keys(RECIPES).join(', ')}`);

try {
  await train({
    recipe,
    epochs: positiveInt('epochs', values.epochs),
    batchSize: positiveInt('batch-size', values['batch-size']),
    seed: positiveInt('seed', values.seed, true),
    limit: positiveInt('limit', values.limit),
    threads: positiveInt('threads', values.threads),
    out: values.out,
  });
} catch (error) {
  console.error(`train: ${(error as Error).message}`);
  process.exit(1);
}
