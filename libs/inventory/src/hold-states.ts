import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { HoldStatus } from './hold.entity';

/** Where a hold stands, as the contexts that granted it (raffles, second chance) need to know. */
export interface HoldState {
  id: string;
  status: HoldStatus;
  expiresAt: Date;
}

/**
 * The holds' states by id (ids with no hold are absent): the inventory library's reader of
 * `holds` for libraries above it, so they do not join its table. A status other than `active`
 * is final (a hold ends exactly once).
 */
export async function readHoldStates(
  on: EntityManager | DataSource,
  holdIds: readonly string[],
): Promise<Map<string, HoldState>> {
  if (holdIds.length === 0) return new Map();
  const found = await rows<{ id: string; status: HoldStatus; expires_at: Date }>(
    on,
    `SELECT id, status, expires_at FROM holds WHERE id = ANY($1::uuid[])`,
    [holdIds],
  );
  return new Map(
    found.map((row) => [
      row.id,
      { id: row.id, status: row.status, expiresAt: new Date(row.expires_at) },
    ]),
  );
}
