// `npm run test:model -- --runs N [--seed S] [--steps M]`: the model-based test of issue 11
// (test/every-unit-accounted-for.e2e-spec.ts) with more sequences than CI runs. It runs N
// sequences with the fixed seed and N with a random one (or S), each up to M steps, and
// prints the figures (sequences, steps, invariant checks) at the end.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const env: NodeJS.ProcessEnv = { ...process.env, MODEL_RUNS: option('runs') ?? '25' };
const seed = option('seed');
const steps = option('steps');
if (seed !== undefined) env.MODEL_SEED = seed;
if (steps !== undefined) env.MODEL_MAX_COMMANDS = steps;

const root = join(__dirname, '..');
const result = spawnSync(
  process.execPath,
  // The path first: `--selectProjects` would take every word after it as a project name.
  [
    join(root, 'node_modules/jest/bin/jest.js'),
    'test/every-unit-accounted-for.e2e-spec.ts',
    '--selectProjects',
    'e2e',
  ],
  { cwd: root, env, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
