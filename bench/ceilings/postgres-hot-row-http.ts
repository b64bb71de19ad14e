// A ceiling for bench:drop's granted holds: a bare node:http server that answers a hold request
// with what Postgres must do for a grant and nothing else: one statement that takes a unit from
// the variant's hot counter row (guarded, as drop_lines is by its CHECK) and inserts a ledger
// row, committed (one WAL flush). A pool of `poolSize` connections, like the API's.
// `node -r ts-node/register/transpile-only bench/ceilings/postgres-hot-row-http.ts <config.json>`
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Pool } from 'pg';

export interface HotRowConfig {
  port: number;
  databaseUrl: string;
  /** Variant ids of the requests; each gets its own counter row. */
  variantIds: string[];
  unitsPerVariant: number;
  poolSize: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ceiling_lines (
  variant_id text PRIMARY KEY,
  allocated int NOT NULL,
  held int NOT NULL DEFAULT 0,
  CHECK (held <= allocated)
);
CREATE TABLE IF NOT EXISTS ceiling_ledger (
  id bigserial PRIMARY KEY,
  variant_id text NOT NULL REFERENCES ceiling_lines (variant_id),
  fan text NOT NULL,
  quantity int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);`;

const TAKE = `
WITH taken AS (
  UPDATE ceiling_lines SET held = held + $3
   WHERE variant_id = $1 AND held + $3 <= allocated
  RETURNING variant_id)
INSERT INTO ceiling_ledger (variant_id, fan, quantity)
SELECT variant_id, $2, $3 FROM taken
RETURNING id`;

function fanOf(authorization: string | undefined): string {
  return authorization?.split('.')[1]?.slice(0, 48) ?? 'anonymous';
}

async function main(): Promise<void> {
  const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as HotRowConfig;
  const pool = new Pool({
    connectionString: config.databaseUrl,
    max: config.poolSize,
    application_name: 'lr-bench-ceiling-pg',
  });
  await pool.query(SCHEMA);
  await pool.query(
    `INSERT INTO ceiling_lines (variant_id, allocated) SELECT unnest($1::text[]), $2
     ON CONFLICT (variant_id) DO UPDATE SET allocated = EXCLUDED.allocated, held = 0`,
    [config.variantIds, config.unitsPerVariant],
  );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: unknown): void => {
        const text = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      };
      let input: { variantId?: unknown; quantity?: unknown };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString()) as typeof input;
      } catch {
        return reply(400, { error: { code: 'VALIDATION_FAILED', message: 'bad JSON' } });
      }
      pool
        .query<{ id: string }>(TAKE, [
          String(input.variantId),
          fanOf(req.headers.authorization),
          Number(input.quantity),
        ])
        .then(({ rows }) =>
          rows.length === 1
            ? reply(201, { holdId: rows[0].id, variantId: input.variantId, status: 'active' })
            : reply(409, { error: { code: 'SOLD_OUT', message: 'sold out' } }),
        )
        .catch((error: Error) =>
          reply(500, { error: { code: 'INTERNAL', message: error.message } }),
        );
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(config.port, '127.0.0.1', () => process.stdout.write('ready\n'));
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void pool.end().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
