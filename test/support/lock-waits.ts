import type { Client } from 'pg';
import { eventually } from './eventually';
import { connectTestDatabase } from './test-app';

/**
 * The backend of this test's database that waits for a row lock in a statement matching
 * `statement` (a LIKE pattern), once there is one: how a test knows the request it started has
 * reached the lock it holds elsewhere.
 */
export function backendWaitingOnLock(db: Client, statement: string): Promise<number> {
  return eventually(async () => {
    const { rows } = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND wait_event_type = 'Lock' AND query LIKE $1`,
      [statement],
    );
    return rows[0]?.pid;
  });
}

/**
 * Runs `use` with a second session of the test database inside a transaction (standing for
 * another process's), rolled back and closed afterwards whatever happens; `use` may commit.
 */
export async function inAnotherTransaction<T>(use: (session: Client) => Promise<T>): Promise<T> {
  const session = await connectTestDatabase();
  try {
    await session.query('BEGIN');
    return await use(session);
  } finally {
    await session.query('ROLLBACK').catch(() => undefined);
    await session.end();
  }
}
