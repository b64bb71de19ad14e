// `npm run fuzz -- --runs 5000 [--seed 42] [--random-runs 1000] [--report fuzz.json]`: the fuzz
// test that CI runs in a bounded form, run longer. Same generator, same checks (no 5xx, no write
// from a rejected request); the figures (requests, operations, statuses) go to the report file.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const FLAGS: Record<string, string> = {
  '--runs': 'FUZZ_RUNS',
  '--seed': 'FUZZ_SEED',
  '--random-runs': 'FUZZ_RANDOM_RUNS',
  '--report': 'FUZZ_REPORT',
};

function parse(args: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = FLAGS[args[i]];
    const value = args[i + 1];
    if (!name || value === undefined) {
      throw new Error(
        `usage: npm run fuzz -- ${Object.keys(FLAGS)
          .map((f) => `[${f} value]`)
          .join(' ')}`,
      );
    }
    env[name] = value;
  }
  return env;
}

const env = parse(process.argv.slice(2));
const runs = Number(env.FUZZ_RUNS ?? 400) + Number(env.FUZZ_RANDOM_RUNS ?? 200);
// Roughly 50 requests a second on a busy two-core machine, with room to spare.
env.FUZZ_TIMEOUT_MS ??= String(Math.max(120_000, runs * 100));
if (env.FUZZ_REPORT) env.FUZZ_REPORT = resolve(env.FUZZ_REPORT);
const result = spawnSync(
  'npx',
  ['jest', 'test/api-survives-generated-hostile-requests.e2e-spec.ts', '--selectProjects', 'e2e'],
  { stdio: 'inherit', env: { ...process.env, ...env } },
);
process.exit(result.status ?? 1);
