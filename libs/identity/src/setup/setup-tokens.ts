// Issuing first-admin setup tokens. Plain SQL on any TypeORM query runner, so the `npm start`
// launcher (scripts/dev.ts, which has no Nest application) and the API at boot share it.
import { createHash, randomBytes } from 'node:crypto';

/** Long enough to finish installing, short enough that an old log line is not a key. */
export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Serialises issuing tokens and creating the first admin across every process: whoever holds
 * it sees the users table as it is, so "no admin exists yet" cannot change under it.
 */
export const FIRST_ADMIN_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('limited-run:first-admin'))`;

export const hashSetupToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/** `transaction` of a TypeORM DataSource or EntityManager: raw queries in one transaction. */
export interface TransactionRunner {
  transaction<T>(work: (manager: { query: QueryFn }) => Promise<T>): Promise<T>;
}
type QueryFn = (sql: string, parameters?: unknown[]) => Promise<unknown>;

export interface IssuedSetupToken {
  token: string;
  expiresAt: Date;
}

/**
 * A fresh setup token when no admin exists yet, else undefined (nothing written). Tokens issued
 * earlier stay good until they expire: several API processes may each print one at boot.
 */
export async function issueSetupToken(
  db: TransactionRunner,
  now = new Date(),
): Promise<IssuedSetupToken | undefined> {
  return db.transaction(async (manager) => {
    await manager.query(FIRST_ADMIN_LOCK_SQL);
    const admins = (await manager.query(
      `SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`,
    )) as unknown[];
    if (admins.length > 0) return undefined;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SETUP_TOKEN_TTL_MS);
    await manager.query(`INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, $2)`, [
      hashSetupToken(token),
      expiresAt,
    ]);
    return { token, expiresAt };
  });
}

/** The browser app's page that reads `token` from its query string. */
export function setupLink(publicWebUrl: string, token: string): string {
  const link = new URL(`${publicWebUrl.replace(/\/+$/, '')}/setup`);
  link.searchParams.set('token', token);
  return link.toString();
}
