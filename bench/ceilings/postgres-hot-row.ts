// `npm run bench:ceiling:hot-row [-- --clients 64 --seconds 20 --warmup 5]`
//
// The Postgres ceiling of "grant a hold" without batching, for the same-run ratio of the grant
// path (docs/benchmarks.md, "Grants in batches"): `--clients` connections, each in a loop of
// one transaction per request holding the same hot row, as the hold path does without group
// commits: BEGIN; one guarded UPDATE of the line (`held + sold <= allocated`, backed by its
// CHECK); one INSERT of a ledger row; COMMIT. On a scratch database this script creates and
// drops. Prints requests per second over `--seconds` after `--warmup` seconds, which are
// discarded. Pin it like the API it is compared with (`taskset -c 0 npm run …`).
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { parseFlags } from '../support/cli';
import { benchServices } from '../support/environment';
import {
  assertLoopback,
  createDatabase,
  dropDatabase,
  maintenanceUrl,
  scratchName,
  withClient,
} from '../support/postgres';

const SCHEMA = `
  CREATE TABLE lines (
    id int PRIMARY KEY,
    allocated int NOT NULL,
    held int NOT NULL DEFAULT 0,
    sold int NOT NULL DEFAULT 0,
    CONSTRAINT chk_lines_counters CHECK (held >= 0 AND sold >= 0 AND held + sold <= allocated)
  );
  CREATE TABLE movements (
    id bigserial PRIMARY KEY,
    line int NOT NULL REFERENCES lines (id),
    quantity int NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  INSERT INTO lines (id, allocated) VALUES (1, 2000000000);
`;

async function main(): Promise<void> {
  const { integers } = parseFlags(process.argv.slice(2), {
    integers: { clients: 64, seconds: 20, warmup: 5 },
  });
  const admin = maintenanceUrl(benchServices().databaseUrl);
  assertLoopback(admin);
  const name = scratchName('hot_row');
  const url = await createDatabase(admin, name);
  try {
    await withClient(url, (client) => client.query(SCHEMA));
    const pool = new Pool({ connectionString: url, max: integers.clients });
    const counted = { from: 0, requests: 0, counting: false };
    const deadline = performance.now() + (integers.warmup + integers.seconds) * 1000;
    const loop = async (): Promise<void> => {
      const client = await pool.connect();
      try {
        while (performance.now() < deadline) {
          await client.query('BEGIN');
          await client.query(
            `UPDATE lines SET held = held + 1 WHERE id = 1 AND held + sold + 1 <= allocated`,
          );
          await client.query(`INSERT INTO movements (line, quantity) VALUES (1, 1)`);
          await client.query('COMMIT');
          if (counted.counting) counted.requests += 1;
        }
      } finally {
        client.release();
      }
    };
    setTimeout(() => {
      counted.counting = true;
      counted.from = performance.now();
    }, integers.warmup * 1000);
    await Promise.all(Array.from({ length: integers.clients }, loop));
    const seconds = (performance.now() - counted.from) / 1000;
    await pool.end();
    console.log(
      JSON.stringify({
        ceiling: 'postgres hot row UPDATE + ledger INSERT per request',
        clients: integers.clients,
        seconds: Number(seconds.toFixed(1)),
        requests: counted.requests,
        rps: Math.round(counted.requests / seconds),
      }),
    );
  } finally {
    await dropDatabase(admin, name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
