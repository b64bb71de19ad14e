import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { DropState, ReleaseMode } from './drop.entity';

// The statements that move a line's `held` and `sold` counters and read them back. The row is
// drops': its invariant `held + sold <= quantity_allocated` is drops' own CHECK
// (`CHK_drop_lines_counters`). When units move (a grant, a release, an expiry, a sale, a refund)
// is inventory's rule, so inventory calls these in its own transaction and in its own order.
// Each is one statement on the caller's manager: the hot path's round trips and lock order stay
// the caller's to decide.

/** A line's counters: units allocated to the drop, held now, sold. */
export interface LineCounts {
  allocated: number;
  held: number;
  sold: number;
}

/** A line's counters with the variant it sells. */
export interface VariantLineCounts extends LineCounts {
  variantId: string;
}

/** The drop line a movement is about. */
export interface LineRef {
  dropId: string;
  variantId: string;
}

/** Units a hold (into `held`) or a sale without a hold (into `sold`) takes from a line. */
export interface UnitsToTake extends LineRef {
  quantity: number;
  into: 'held' | 'sold';
  /** Drop states in which the units may be taken. */
  liveStates: readonly string[];
}

/** Why the guarded UPDATE took nothing, from the drop's and the line's rows. */
export type UntakenReason =
  'drop-not-found' | 'variant-not-in-drop' | 'drop-not-live' | 'too-few-left' | 'sold-out';

interface CountsRow {
  quantity_allocated: number;
  held: number;
  sold: number;
}

const toCounts = (row: CountsRow): LineCounts => ({
  allocated: row.quantity_allocated,
  held: row.held,
  sold: row.sold,
});

/**
 * The truth gate's guarded UPDATE: `held` (or `sold`) grows only while the drop is in one of
 * `liveStates` and the line has the units, backed by `CHK_drop_lines_counters`. The counters
 * after it, or null when it took nothing (`whyUnitsNotTaken` says why). The row lock is held
 * until the caller commits, so callers take it last. The join reads the drop's state as it was
 * when the statement began: a cancel or close that committed while it waited for the line's
 * lock is only seen by a fresh `readDropState` after it.
 */
export async function takeLineUnits(
  manager: EntityManager,
  take: UnitsToTake,
): Promise<LineCounts | null> {
  const counter = take.into === 'held' ? 'held' : 'sold';
  const [line] = await rows<CountsRow>(
    manager,
    `UPDATE drop_lines l SET ${counter} = l.${counter} + $3
       FROM drops d
      WHERE d.id = l.drop_id AND l.drop_id = $1 AND l.variant_id = $2
        AND d.state = ANY($4::text[])
        AND l.held + l.sold + $3 <= l.quantity_allocated
     RETURNING l.quantity_allocated, l.held, l.sold`,
    [take.dropId, take.variantId, take.quantity, take.liveStates],
  );
  return line ? toCounts(line) : null;
}

/** Why `takeLineUnits` took nothing; read in the same transaction, which rolls back either way. */
export async function whyUnitsNotTaken(
  manager: EntityManager,
  line: LineRef,
  liveStates: readonly string[],
): Promise<UntakenReason> {
  const [found] = await rows<{ state: string; available: number | null }>(
    manager,
    `SELECT d.state, l.quantity_allocated - l.held - l.sold AS available
       FROM drops d LEFT JOIN drop_lines l ON l.drop_id = d.id AND l.variant_id = $2
      WHERE d.id = $1`,
    [line.dropId, line.variantId],
  );
  if (!found) return 'drop-not-found';
  if (found.available === null) return 'variant-not-in-drop';
  if (!liveStates.includes(found.state)) return 'drop-not-live';
  return found.available > 0 ? 'too-few-left' : 'sold-out';
}

/** Held units back on the line (a hold released or expired); the counters after it. */
export async function giveBackHeldUnits(
  manager: EntityManager,
  line: LineRef,
  quantity: number,
): Promise<LineCounts | undefined> {
  const [after] = await rows<CountsRow>(
    manager,
    `UPDATE drop_lines SET held = held - $3 WHERE drop_id = $1 AND variant_id = $2
     RETURNING quantity_allocated, held, sold`,
    [line.dropId, line.variantId, quantity],
  );
  return after ? toCounts(after) : undefined;
}

/** A paid hold's units move from `held` to `sold`. */
export async function sellHeldUnits(
  manager: EntityManager,
  line: LineRef,
  quantity: number,
): Promise<void> {
  await rows(
    manager,
    `UPDATE drop_lines SET held = held - $3, sold = sold + $3
      WHERE drop_id = $1 AND variant_id = $2`,
    [line.dropId, line.variantId, quantity],
  );
}

/**
 * Refunded units leave `sold`, guarded so that `sold` never goes below what was sold; the
 * counters after it, or null when the line has fewer than `quantity` sold.
 */
export async function returnSoldUnits(
  manager: EntityManager,
  line: LineRef,
  quantity: number,
): Promise<LineCounts | null> {
  const [after] = await rows<CountsRow>(
    manager,
    `UPDATE drop_lines SET sold = sold - $3
      WHERE drop_id = $1 AND variant_id = $2 AND sold >= $3
     RETURNING quantity_allocated, held, sold`,
    [line.dropId, line.variantId, quantity],
  );
  return after ? toCounts(after) : null;
}

/** Locks every line of the drop until the caller commits, in variant order (as a batch of grants does). */
export async function lockDropLines(manager: EntityManager, dropId: string): Promise<void> {
  await rows(
    manager,
    `SELECT id FROM drop_lines WHERE drop_id = $1 ORDER BY variant_id FOR UPDATE`,
    [dropId],
  );
}

/** One line's counters as they are now (in the caller's transaction if given a manager). */
export async function readLineCounts(
  on: EntityManager | DataSource,
  line: LineRef,
): Promise<LineCounts | undefined> {
  const [found] = await rows<CountsRow>(
    on,
    `SELECT quantity_allocated, held, sold FROM drop_lines WHERE drop_id = $1 AND variant_id = $2`,
    [line.dropId, line.variantId],
  );
  return found ? toCounts(found) : undefined;
}

/** Every line's counters of a drop, in no particular order: what the admission gate is built from. */
export async function readDropLineCounts(
  on: EntityManager | DataSource,
  dropId: string,
): Promise<VariantLineCounts[]> {
  const found = await rows<CountsRow & { variant_id: string }>(
    on,
    `SELECT variant_id, quantity_allocated, held, sold FROM drop_lines WHERE drop_id = $1`,
    [dropId],
  );
  return found.map((row) => ({ variantId: row.variant_id, ...toCounts(row) }));
}

/** A drop's state as the public reads it, with every line's counters. */
export interface DropCounters {
  state: DropState;
  releaseMode: ReleaseMode;
  earlyAccessStartsAt: Date | null;
  /** In the order the lines were added, as the drop's page lists them. */
  lines: VariantLineCounts[];
}

interface DropCountersRow {
  state: DropState;
  release_mode: ReleaseMode;
  early_access_starts_at: Date | null;
  variant_id: string | null;
  quantity_allocated: number | null;
  held: number | null;
  sold: number | null;
}

/** The drop and its lines' counters, or null for an unknown drop. */
export async function readDropCounters(
  on: EntityManager | DataSource,
  dropId: string,
): Promise<DropCounters | null> {
  // One query on the drop's primary key and drop_lines' (drop_id, variant_id) unique index.
  const found = await rows<DropCountersRow>(
    on,
    `SELECT d.state, d.release_mode, d.early_access_starts_at, l.variant_id, l.quantity_allocated, l.held, l.sold
       FROM drops d
       LEFT JOIN drop_lines l ON l.drop_id = d.id
      WHERE d.id = $1
      ORDER BY l.created_at, l.id`,
    [dropId],
  );
  if (found.length === 0) return null;
  const [drop] = found;
  return {
    state: drop.state,
    releaseMode: drop.release_mode,
    earlyAccessStartsAt: drop.early_access_starts_at ? new Date(drop.early_access_starts_at) : null,
    lines: found.flatMap((row) =>
      row.variant_id === null
        ? []
        : [
            {
              variantId: row.variant_id,
              allocated: Number(row.quantity_allocated),
              held: Number(row.held),
              sold: Number(row.sold),
            },
          ],
    ),
  };
}
