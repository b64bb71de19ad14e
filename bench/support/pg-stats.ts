// Counting the SQL a phase of the drop benchmark cost. With pg_stat_statements (only if the
// server preloads it, which takes a restart) statement by statement, as each one ends. Without
// it, pg_stat_database counts transactions per database (a statement outside an explicit
// transaction is one of its own); backends flush those counters lazily (at most once a second
// while busy, within PGSTAT_IDLE_INTERVAL = 10 s once idle), so a reading is only complete after
// the database has been quiet that long.
import { delay } from '../../scripts/dev-services';
import { withClient } from './postgres';

export const STATS_FLUSH_WAIT_MS = 11_000;

export interface XactCount {
  commits: number;
  rollbacks: number;
  /** Connections opened; each one's start-up also counts as a committed transaction. */
  sessions: number;
  at: number;
}

/** The database's transaction counters, read from the maintenance database so as not to count itself. */
export async function readXacts(maintenanceUrl: string, database: string): Promise<XactCount> {
  return withClient(maintenanceUrl, async (client) => {
    const { rows } = await client.query<{ commits: string; rollbacks: string; sessions: string }>(
      `SELECT xact_commit AS commits, xact_rollback AS rollbacks, sessions
         FROM pg_stat_database WHERE datname = $1`,
      [database],
    );
    return {
      commits: Number(rows[0].commits),
      rollbacks: Number(rows[0].rollbacks),
      sessions: Number(rows[0].sessions),
      at: Date.now(),
    };
  });
}

export async function statementsStatisticsAvailable(maintenanceUrl: string): Promise<boolean> {
  return withClient(maintenanceUrl, async (client) => {
    const { rows } = await client.query<{ libs: string }>(
      `SELECT current_setting('shared_preload_libraries') AS libs`,
    );
    return rows[0].libs.split(',').some((lib) => lib.trim() === 'pg_stat_statements');
  });
}

export const waitForStatsFlush = (): Promise<void> => delay(STATS_FLUSH_WAIT_MS);

/** Per-table scans (sequential + index) and written rows so far, read in the database itself. */
export async function readTableActivity(
  databaseUrl: string,
): Promise<Record<string, { scans: number; writes: number }>> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ relname: string; scans: string; writes: string }>(
      `SELECT relname, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans,
              n_tup_ins + n_tup_upd + n_tup_del AS writes
         FROM pg_stat_user_tables`,
    );
    return Object.fromEntries(
      rows.map((r) => [r.relname, { scans: Number(r.scans), writes: Number(r.writes) }]),
    );
  });
}

/** Calls per statement (normalised text) in the database so far, from pg_stat_statements. */
export async function readStatementCalls(databaseUrl: string): Promise<Map<string, number>> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ query: string; calls: string }>(
      `SELECT query, sum(calls) AS calls FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        GROUP BY query`,
    );
    return new Map(rows.map((r) => [r.query.replace(/\s+/g, ' ').trim(), Number(r.calls)]));
  });
}
