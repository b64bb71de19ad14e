// Scratch databases for the benchmarks: created empty on the Postgres server DATABASE_URL names
// (or the local one), dropped at the end even if the run failed.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The maintenance database on the server `databaseUrl` points at. */
export function maintenanceUrl(databaseUrl: string | undefined): string {
  return withDatabase(databaseUrl ?? LOCAL_POSTGRES, 'postgres');
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Only loopback is ever a benchmark target: refuse anything else before connecting. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`benchmarks only run against loopback; ${host} is not 127.0.0.1`);
  }
}

export const scratchName = (label: string): string =>
  `lr_bench_${label}_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

export async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'lr-bench' });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return withDatabase(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
