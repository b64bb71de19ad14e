import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * How to reach a user and what to call them: identity's reader of `users` for the contexts that
 * mail fans or show members (raffles, admission, collectives, anomalies). Each takes the
 * caller's manager when the caller is in a transaction.
 */
export interface UserContact {
  id: string;
  email: string;
  displayName: string;
}

interface ContactRow {
  id: string;
  email: string;
  display_name: string;
}

const contact = (row: ContactRow): UserContact => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
});

/** The users that exist among `userIds`, by id (unknown ids are left out). */
export async function userContacts(
  on: EntityManager | DataSource,
  userIds: readonly string[],
): Promise<Map<string, UserContact>> {
  if (userIds.length === 0) return new Map();
  const found = await rows<ContactRow>(
    on,
    `SELECT id, email, display_name FROM users WHERE id = ANY($1::uuid[])`,
    [[...new Set(userIds)]],
  );
  return new Map(found.map((row) => [row.id, contact(row)]));
}

/** The user with this (lower-cased) address, if any; only an active one if asked. */
export async function userByEmail(
  on: EntityManager | DataSource,
  email: string,
  status: 'active' | 'any' = 'any',
): Promise<UserContact | null> {
  const [row] = await rows<ContactRow>(
    on,
    `SELECT id, email, display_name FROM users
      WHERE email = $1 ${status === 'active' ? `AND status = 'active'` : ''}`,
    [email],
  );
  return row ? contact(row) : null;
}

/** Every active admin, in id order: who operational alerts are mailed to. */
export async function activeAdminContacts(on: EntityManager | DataSource): Promise<UserContact[]> {
  const found = await rows<ContactRow>(
    on,
    `SELECT id, email, display_name FROM users
      WHERE role = 'admin' AND status = 'active' ORDER BY id`,
    [],
  );
  return found.map(contact);
}
