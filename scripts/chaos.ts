// `npm run chaos -- --seeds N [--seed S] [--fans F] [--drive-seconds D] [--json FILE]`
//
// The seeded fault-injection suite (docs/chaos.md): N seeds (S, S+1, …; S defaults to 1), each a
// full drop through two API processes and two workers on its own database and Redis while the
// seed's scheduler kills processes, restarts Redis, cuts and stalls Postgres and makes Stripe
// fail; then the invariants are checked. A failing seed prints its fault schedule; run it again
// alone with `--seed S` to replay it. Exits 1 if any invariant broke.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../libs/platform/src/database/run-migrations';
import { describeFailure, runSeed, type SeedResult } from '../test/chaos/run-seed';
import { seedFigures } from '../test/chaos/figures';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function integer(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number`);
  return value;
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const first = integer('seed', 1);
  const count = option('seeds') === undefined ? 1 : integer('seeds', 1);
  const fans = integer('fans', 2000);
  const driveMs = integer('drive-seconds', 20) * 1000;
  const adminUrl = process.env.CHAOS_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const host = new URL(adminUrl).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error('chaos runs only on loopback');
  const distDir = option('dist-dir');
  const workDir = mkdtempSync(join(tmpdir(), 'lr-chaos-'));
  const templateDb = `lr_chaos_tpl_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${templateDb}"`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${templateDb}`;
  await runMigrations(templateUrl.toString());
  say(`chaos: template migrated at ${new Date().toISOString()}`);
  say(
    `chaos: seeds ${first}..${first + count - 1}, ${fans} fans each, ${driveMs / 1000} s of faults; logs in ${workDir}`,
  );

  const parallel = Math.max(1, integer('parallel', 1));
  const json = option('json');
  const started = Date.now();
  const results: SeedResult[] = [];
  const failedToRun: number[] = [];
  const seeds = Array.from({ length: count }, (_, i) => first + i);
  const one = async (seed: number): Promise<void> => {
    const log = process.env.CHAOS_VERBOSE
      ? (line: string) => say(`  [${seed}] ${line}`)
      : undefined;
    let result: SeedResult;
    try {
      result = await runSeed({ seed, fans, driveMs, adminUrl, templateDb, workDir, distDir, log });
    } catch (error) {
      // A seed that could not even run (a process that would not start) is reported, not hidden.
      say(`seed ${seed}: could not run: ${error instanceof Error ? error.message : String(error)}`);
      failedToRun.push(seed);
      return;
    }
    results.push(result);
    const faults = Object.values(result.injected).reduce((n, k) => n + (k ?? 0), 0);
    say(
      `seed ${seed}: ${result.violations.length} violations, ${faults} faults, ${result.checks} checks, ` +
        `${result.samples} samples, crowd ${JSON.stringify(result.crowd)}, ${result.seconds.toFixed(0)} s`,
    );
    if (result.violations.length > 0) say(describeFailure(result));
    // Written after every seed, so a long run stopped early still leaves its figures.
    if (json)
      writeFileSync(json, `${JSON.stringify({ summary: summarize(), results }, null, 2)}\n`);
  };
  try {
    // `--parallel P`: P seeds at once, each still with its own processes, database and Redis.
    await Promise.all(
      Array.from({ length: Math.min(parallel, seeds.length) }, async () => {
        for (let seed = seeds.shift(); seed !== undefined; seed = seeds.shift()) await one(seed);
      }),
    );
  } finally {
    const cleanup = new Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${templateDb}" WITH (FORCE)`);
    await cleanup.end();
  }
  const summary = summarize();
  say(`chaos run: ${JSON.stringify(summary)}`);
  if (json) writeFileSync(json, `${JSON.stringify({ summary, results }, null, 2)}\n`);
  return summary.violations > 0 || failedToRun.length > 0 ? 1 : 0;

  function summarize() {
    return {
      ...seedFigures(results),
      fansPerSeed: fans,
      seedsThatCouldNotRun: failedToRun,
      wallSeconds: (Date.now() - started) / 1000,
    };
  }
}

// Stopped early: exit, so the exit hooks kill every process and Redis server this run started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
