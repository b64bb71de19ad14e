import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { DropState, ReleaseMode } from './drop.entity';

/**
 * A drop's terms as the contexts that sell it read them (admission, raffles, second chance),
 * with the database's clock: the drops library's one reader of `drops` for other libraries.
 * The hot path keeps its one-second memo of the same terms (`DropTermsCache` in inventory).
 */
export interface DropTerms {
  id: string;
  /** The collective that sells the drop. */
  collectiveId: string;
  name: string;
  state: DropState;
  releaseMode: ReleaseMode;
  startsAt: Date;
  endsAt: Date | null;
  earlyAccessStartsAt: Date | null;
  entryClosesAt: Date | null;
  holdSeconds: number;
  perCustomerLimit: number;
  /** `now()` of the statement: every time rule is judged by the database clock, as drops are. */
  now: Date;
}

interface DropRow {
  id: string;
  collective_id: string;
  name: string;
  state: DropState;
  release_mode: ReleaseMode;
  starts_at: Date;
  ends_at: Date | null;
  early_access_starts_at: Date | null;
  entry_closes_at: Date | null;
  hold_seconds: number;
  per_customer_limit: number;
  now: Date;
}

/** The drop (row-locked `FOR SHARE` if asked, so its state cannot move underneath), or null. */
export async function readDropTerms(
  on: EntityManager | DataSource,
  dropId: string,
  lock: 'share' | 'none' = 'none',
): Promise<DropTerms | null> {
  const [row] = await rows<DropRow>(
    on,
    `SELECT id, collective_id, name, state, release_mode, starts_at, ends_at, early_access_starts_at,
            entry_closes_at, hold_seconds, per_customer_limit, now() AS now
       FROM drops WHERE id = $1 ${lock === 'share' ? 'FOR SHARE' : ''}`,
    [dropId],
  );
  if (!row) return null;
  return {
    id: row.id,
    collectiveId: row.collective_id,
    name: row.name,
    state: row.state,
    releaseMode: row.release_mode,
    startsAt: new Date(row.starts_at),
    endsAt: row.ends_at ? new Date(row.ends_at) : null,
    earlyAccessStartsAt: row.early_access_starts_at ? new Date(row.early_access_starts_at) : null,
    entryClosesAt: row.entry_closes_at ? new Date(row.entry_closes_at) : null,
    holdSeconds: row.hold_seconds,
    perCustomerLimit: row.per_customer_limit,
    now: new Date(row.now),
  };
}

export interface LineStock {
  variantId: string;
  available: number;
}

/**
 * Units left per line (allocated − held − sold), from the truth, in variant order (or in the
 * order the lines were added, as the drop's page lists them).
 */
export async function lineStock(
  on: EntityManager | DataSource,
  dropId: string,
  order: 'variant' | 'added' = 'variant',
): Promise<LineStock[]> {
  const lines = await rows<{ variant_id: string; available: number }>(
    on,
    `SELECT variant_id, quantity_allocated - held - sold AS available
       FROM drop_lines WHERE drop_id = $1
      ORDER BY ${order === 'variant' ? 'variant_id' : 'created_at, id'}`,
    [dropId],
  );
  return lines.map((line) => ({ variantId: line.variant_id, available: Number(line.available) }));
}

/** Whether the variant is one of the drop's lines. */
export async function isLineOf(
  on: EntityManager | DataSource,
  dropId: string,
  variantId: string,
): Promise<boolean> {
  const found = await rows<{ one: number }>(
    on,
    `SELECT 1 AS one FROM drop_lines WHERE drop_id = $1 AND variant_id = $2`,
    [dropId, variantId],
  );
  return found.length > 0;
}

/** The variants the drop sells (one per line), in no particular order. */
export async function lineVariantIds(
  on: EntityManager | DataSource,
  dropId: string,
): Promise<string[]> {
  const lines = await rows<{ variant_id: string }>(
    on,
    `SELECT variant_id FROM drop_lines WHERE drop_id = $1`,
    [dropId],
  );
  return lines.map((line) => line.variant_id);
}

/**
 * The drop's state as the caller's transaction reads it now, or null for an unknown drop: the
 * truth gate's fresh read after its guarded UPDATE, whose join may have read an older state.
 */
export async function readDropState(
  manager: EntityManager,
  dropId: string,
): Promise<DropState | null> {
  const [drop] = await rows<{ state: DropState }>(
    manager,
    `SELECT state FROM drops WHERE id = $1`,
    [dropId],
  );
  return drop?.state ?? null;
}

/** How many units one fan may have of the drop, or null for an unknown drop. */
export async function readPerCustomerLimit(
  manager: EntityManager,
  dropId: string,
): Promise<number | null> {
  const [drop] = await rows<{ per_customer_limit: number }>(
    manager,
    `SELECT per_customer_limit FROM drops WHERE id = $1`,
    [dropId],
  );
  return drop?.per_customer_limit ?? null;
}
