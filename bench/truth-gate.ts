// `npm run bench:truth-gate [-- --clients 64 --variants 5 --units 100 --attempts 20000]`
//
// The two shapes docs/design.md proposes for the Postgres truth gate, measured on a scratch database
// that this script creates and drops:
//   counter: one row per (drop, variant), `held + sold <= allocated` as a CHECK, claimed with a
//            guarded UPDATE (one hot row per variant);
//   units:   one row per edition unit, claimed with `FOR UPDATE SKIP LOCKED` (no hot row, and the
//            row is the numbered unit).
// Each claim is what the hold path writes: one transaction with the claim, a hold row and a
// ledger row. Three loads per shape: more attempts than units (a drop opening with no admission
// gate in front), only as many attempts as units (what the truth gate sees behind the Redis
// admission gate), and one client at a time (the cost of a claim without any contention).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool, type PoolClient } from 'pg';
import { parseFlags } from './support/cli';
import { benchServices } from './support/environment';
import {
  assertLoopback,
  createDatabase,
  dropDatabase,
  maintenanceUrl,
  scratchName,
  withClient,
} from './support/postgres';
import { appendResults, commandLine, factsLines, machineFacts } from './support/report';
import { int, type LatencySummary, ms, summarize } from './support/stats';

type Shape = 'counter' | 'units';

interface Load {
  name: string;
  describe: string;
  clients: number;
  variants: number;
  unitsPerVariant: number;
  attempts: number;
}

interface RunResult {
  load: Load;
  shape: Shape;
  issued: number;
  claims: number;
  declines: number;
  errors: number;
  firstError?: string;
  seconds: number;
  /** From the start to the last successful claim: how long selling out took. */
  claimSeconds: number;
  claimLatency: LatencySummary;
  declineLatency: LatencySummary;
  invariants: string[];
}

const SCHEMA = `
  CREATE TABLE lines (
    id int PRIMARY KEY,
    allocated int NOT NULL,
    held int NOT NULL DEFAULT 0,
    sold int NOT NULL DEFAULT 0,
    CONSTRAINT chk_lines_counters CHECK (held >= 0 AND sold >= 0 AND held + sold <= allocated)
  );
  CREATE TABLE units (
    id bigserial PRIMARY KEY,
    line int NOT NULL REFERENCES lines (id),
    serial int NOT NULL,
    state text NOT NULL DEFAULT 'available',
    holder uuid,
    CONSTRAINT chk_units_state CHECK (state IN ('available', 'held', 'sold')),
    CONSTRAINT chk_units_holder CHECK ((state = 'available') = (holder IS NULL)),
    CONSTRAINT uq_units_serial UNIQUE (line, serial)
  );
  CREATE INDEX idx_units_available ON units (line, serial) WHERE state = 'available';
  CREATE TABLE holds (
    id uuid PRIMARY KEY,
    line int NOT NULL REFERENCES lines (id),
    user_id uuid NOT NULL,
    quantity int NOT NULL,
    serial int,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE ledger (
    id bigserial PRIMARY KEY,
    line int NOT NULL,
    hold_id uuid REFERENCES holds (id),
    kind text NOT NULL,
    quantity int NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );`;

async function resetSchema(pool: Pool, load: Load): Promise<void> {
  await pool.query('DROP TABLE IF EXISTS ledger, holds, units, lines');
  await pool.query(SCHEMA);
  await pool.query(
    'INSERT INTO lines (id, allocated) SELECT g, $2 FROM generate_series(1, $1) AS g',
    [load.variants, load.unitsPerVariant],
  );
  await pool.query(
    `INSERT INTO units (line, serial)
       SELECT l, s FROM generate_series(1, $1) AS l, generate_series(1, $2) AS s`,
    [load.variants, load.unitsPerVariant],
  );
  await pool.query('VACUUM ANALYZE lines, units, holds, ledger');
}

/** One claim attempt: true if a unit was held, false if the line had none left. */
async function claim(client: PoolClient, shape: Shape, line: number): Promise<boolean> {
  const userId = randomUUID();
  await client.query('BEGIN');
  try {
    let serial: number | null = null;
    if (shape === 'counter') {
      const res = await client.query(
        'UPDATE lines SET held = held + 1 WHERE id = $1 AND held + sold + 1 <= allocated',
        [line],
      );
      if (res.rowCount !== 1) {
        await client.query('ROLLBACK');
        return false;
      }
    } else {
      const res = await client.query<{ serial: number }>(
        `UPDATE units SET state = 'held', holder = $2
          WHERE id = (SELECT id FROM units WHERE line = $1 AND state = 'available'
                       ORDER BY serial LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING serial`,
        [line, userId],
      );
      if (res.rowCount !== 1) {
        await client.query('ROLLBACK');
        return false;
      }
      serial = res.rows[0].serial;
    }
    const holdId = randomUUID();
    await client.query(
      'INSERT INTO holds (id, line, user_id, quantity, serial) VALUES ($1, $2, $3, 1, $4)',
      [holdId, line, userId, serial],
    );
    await client.query(
      `INSERT INTO ledger (line, hold_id, kind, quantity) VALUES ($1, $2, 'hold', 1)`,
      [line, holdId],
    );
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function run(
  url: string,
  load: Load,
  shape: Shape,
  deadlineSeconds: number,
): Promise<RunResult> {
  const pool = new Pool({ connectionString: url, max: load.clients, application_name: 'lr-bench' });
  try {
    await resetSchema(pool, load);
    // Open every connection before the clock starts.
    const warm = await Promise.all(Array.from({ length: load.clients }, () => pool.connect()));
    warm.forEach((client) => client.release());

    let next = 0;
    let claims = 0;
    let declines = 0;
    let errors = 0;
    let firstError: string | undefined;
    let lastClaimAt = 0;
    const claimTimes: number[] = [];
    const declineTimes: number[] = [];
    const started = performance.now();
    const deadline = started + deadlineSeconds * 1000;

    const client = async (): Promise<void> => {
      while (next < load.attempts && performance.now() < deadline) {
        // Spread attempts over the variants as fans spread over sizes.
        const line = (next++ % load.variants) + 1;
        const t0 = performance.now();
        const connection = await pool.connect();
        try {
          const held = await claim(connection, shape, line);
          const elapsed = performance.now() - t0;
          if (held) {
            claims++;
            claimTimes.push(elapsed);
            lastClaimAt = performance.now();
          } else {
            declines++;
            declineTimes.push(elapsed);
          }
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        } finally {
          connection.release();
        }
      }
    };
    await Promise.all(Array.from({ length: load.clients }, client));
    const seconds = (performance.now() - started) / 1000;

    return {
      load,
      shape,
      issued: claims + declines + errors,
      claims,
      declines,
      errors,
      firstError,
      seconds,
      claimSeconds: claims > 0 ? (lastClaimAt - started) / 1000 : 0,
      claimLatency: summarize(claimTimes),
      declineLatency: summarize(declineTimes),
      invariants: await checkInvariants(pool, load, shape, claims, claims + declines + errors),
    };
  } finally {
    await pool.end();
  }
}

/** Every broken invariant, in words; empty when all hold. */
async function checkInvariants(
  pool: Pool,
  load: Load,
  shape: Shape,
  claims: number,
  issued: number,
): Promise<string[]> {
  const broken: string[] = [];
  const expect = (ok: boolean, what: string): void => void (ok || broken.push(what));
  const one = async (sql: string): Promise<number> =>
    Number((await pool.query<{ n: string }>(sql)).rows[0].n);

  const holds = await one('SELECT count(*) AS n FROM holds');
  const ledger = await one(`SELECT count(*) AS n FROM ledger WHERE kind = 'hold'`);
  const totalUnits = load.variants * load.unitsPerVariant;
  expect(holds === claims, `hold rows ${holds} ≠ claims reported ${claims}`);
  expect(ledger === holds, `ledger rows ${ledger} ≠ hold rows ${holds}`);
  expect(holds <= totalUnits, `hold rows ${holds} > units that exist ${totalUnits}`);
  if (issued >= totalUnits && load.attempts >= totalUnits) {
    expect(holds === totalUnits, `claimed ${holds}, but ${totalUnits} units exist`);
  }
  const perLine = await pool.query<{ id: number; allocated: number; n: string }>(
    `SELECT l.id, l.allocated, count(h.id) AS n FROM lines l LEFT JOIN holds h ON h.line = l.id
      GROUP BY l.id, l.allocated`,
  );
  for (const row of perLine.rows) {
    expect(Number(row.n) <= row.allocated, `line ${row.id}: ${row.n} holds > ${row.allocated}`);
  }
  if (shape === 'counter') {
    const drift = await one(
      `SELECT count(*) AS n FROM lines l
        WHERE l.held <> (SELECT count(*) FROM holds h WHERE h.line = l.id)
           OR l.held + l.sold > l.allocated`,
    );
    expect(drift === 0, `${drift} lines whose counter disagrees with their hold rows`);
  } else {
    const heldUnits = await one(`SELECT count(*) AS n FROM units WHERE state = 'held'`);
    expect(heldUnits === holds, `held units ${heldUnits} ≠ hold rows ${holds}`);
    const duplicates = await one(
      `SELECT count(*) AS n FROM (SELECT line, serial FROM holds GROUP BY line, serial
                                   HAVING count(*) > 1) d`,
    );
    expect(duplicates === 0, `${duplicates} serials held twice`);
    const unmatched = await one(
      `SELECT count(*) AS n FROM holds h
        WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.line = h.line AND u.serial = h.serial
                            AND u.state = 'held' AND u.holder = h.user_id)`,
    );
    expect(unmatched === 0, `${unmatched} holds whose unit is not held by their fan`);
    const outOfRange = await one(
      `SELECT count(*) AS n FROM holds h JOIN lines l ON l.id = h.line
        WHERE h.serial IS NULL OR h.serial < 1 OR h.serial > l.allocated`,
    );
    expect(outOfRange === 0, `${outOfRange} serials outside 1..allocated`);
  }
  return broken;
}

function describeRun(r: RunResult): string {
  const claimRate = r.claimSeconds > 0 ? r.claims / r.claimSeconds : 0;
  return (
    `  ${r.shape.padEnd(7)} ${int(r.claims)} claims, ${int(r.declines)} declines, ${r.errors} errors ` +
    `in ${r.seconds.toFixed(2)} s · ${int(Math.round(r.issued / r.seconds))} attempts/s · ` +
    `${int(Math.round(claimRate))} claims/s · claim p50/p95/p99 ${ms(r.claimLatency.p50)} / ` +
    `${ms(r.claimLatency.p95)} / ${ms(r.claimLatency.p99)}` +
    (r.declines > 0
      ? ` · decline p50/p95/p99 ${ms(r.declineLatency.p50)} / ${ms(r.declineLatency.p95)} / ` +
        `${ms(r.declineLatency.p99)}`
      : '') +
    ` · invariants ${r.invariants.length === 0 ? 'hold' : `BROKEN: ${r.invariants.join('; ')}`}` +
    (r.firstError ? ` · first error: ${r.firstError}` : '')
  );
}

function markdownRow(r: RunResult): string {
  const claimRate = r.claimSeconds > 0 ? r.claims / r.claimSeconds : 0;
  const l = r.load;
  return (
    `| ${l.name} | ${r.shape} | ${l.clients} | ${l.variants}×${int(l.unitsPerVariant)} | ` +
    `${int(r.issued)} | ${int(r.claims)} | ${int(r.declines)} | ${r.errors} | ` +
    `${int(Math.round(r.issued / r.seconds))} | ${int(Math.round(claimRate))} | ` +
    `${ms(r.claimLatency.p50)} / ${ms(r.claimLatency.p95)} / ${ms(r.claimLatency.p99)} | ` +
    (r.declines > 0
      ? `${ms(r.declineLatency.p50)} / ${ms(r.declineLatency.p95)} / ${ms(r.declineLatency.p99)}`
      : '–') +
    ` | ${r.invariants.length === 0 ? 'yes' : `**NO**: ${r.invariants.join('; ')}`} |`
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flags = parseFlags(argv, {
    integers: {
      clients: 64,
      variants: 5,
      units: 100,
      attempts: 20_000,
      'uncontended-attempts': 2_000,
      'duration-limit': 60,
    },
  }).integers;
  const loads: Load[] = [
    {
      name: 'oversubscribed',
      describe: 'more attempts than units: the truth gate alone at a drop opening',
      clients: flags.clients,
      variants: flags.variants,
      unitsPerVariant: flags.units,
      attempts: flags.attempts,
    },
    {
      name: 'admitted-only',
      describe: 'as many attempts as units, all succeed: what the truth gate sees behind Redis',
      clients: flags.clients,
      variants: flags.variants,
      unitsPerVariant: Math.ceil(flags.attempts / flags.variants),
      attempts: flags.attempts,
    },
    {
      name: 'uncontended',
      describe: 'one client at a time, every attempt succeeds: the cost of a claim by itself',
      clients: 1,
      variants: flags.variants,
      unitsPerVariant: Math.ceil(flags['uncontended-attempts'] / flags.variants),
      attempts: flags['uncontended-attempts'],
    },
  ];

  const adminUrl = maintenanceUrl(benchServices().databaseUrl);
  assertLoopback(adminUrl);
  const name = scratchName('truthgate');
  const url = await createDatabase(adminUrl, name);
  const results: RunResult[] = [];
  let facts = machineFacts('unknown');
  try {
    const postgresVersion = await withClient(
      url,
      async (c) =>
        (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v,
    );
    facts = machineFacts(postgresVersion);
    process.stdout.write(
      `truth-gate bench on scratch database ${name} (PostgreSQL ${postgresVersion}, ` +
        `load average ${facts.load})\n`,
    );
    for (const load of loads) {
      process.stdout.write(
        `\n${load.name}: ${load.describe}\n  ${load.clients} clients, ${load.variants} variants × ` +
          `${int(load.unitsPerVariant)} units, ${int(load.attempts)} attempts\n`,
      );
      for (const shape of ['counter', 'units'] as const) {
        const result = await run(url, load, shape, flags['duration-limit']);
        results.push(result);
        process.stdout.write(`${describeRun(result)}\n`);
      }
    }
  } finally {
    await dropDatabase(adminUrl, name);
  }

  const admitted = results.filter((r) => r.load.name === 'admitted-only');
  const rate = (r: RunResult): number => (r.claimSeconds > 0 ? r.claims / r.claimSeconds : 0);
  const [faster, slower] = [...admitted].sort((a, b) => rate(b) - rate(a));
  const verdict =
    faster && slower
      ? `Behind the admission gate (admitted-only), \`${faster.shape}\` claimed ` +
        `${int(Math.round(rate(faster)))}/s against ${int(Math.round(rate(slower)))}/s for ` +
        `\`${slower.shape}\` (${(rate(faster) / Math.max(rate(slower), 1)).toFixed(2)}×).`
      : '';
  const allHold = results.every((r) => r.invariants.length === 0 && r.errors === 0);
  process.stdout.write(
    `\n${verdict}\nInvariants ${allHold ? 'held in every run' : 'BROKEN in some run (see above)'}.\n`,
  );

  appendResults(
    [
      `### bench:truth-gate — ${facts.date}`,
      '',
      ...factsLines(facts, commandLine('bench:truth-gate', argv)),
      `- Each attempt: one transaction = claim + hold row + ledger row; attempts spread round-robin ` +
        `over the variants; pg Pool sized to the clients; load generator in the same Node process.`,
      '',
      '| load | shape | clients | units | attempts | claims | declines | errors | attempts/s | claims/s | claim p50 / p95 / p99 | decline p50 / p95 / p99 | invariants hold |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|',
      ...results.map(markdownRow),
      '',
      `claims/s = claims ÷ time from start to the last successful claim. ${verdict}`,
      '',
    ].join('\n'),
  );
  process.stdout.write('Appended to docs/benchmarks.md\n');
  if (!allHold) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
