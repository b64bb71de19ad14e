import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { DropState, ReleaseMode } from './drop.entity';

/** A drop as a list of drops shows it (the admins' and collectives' monitor). */
export interface DropSummary {
  id: string;
  collectiveId: string;
  name: string;
  slug: string;
  state: DropState;
  releaseMode: ReleaseMode;
  startsAt: Date;
  endsAt: Date | null;
  openedAt: Date | null;
  holdSeconds: number;
}

interface SummaryRow {
  id: string;
  collective_id: string;
  name: string;
  slug: string;
  state: DropState;
  release_mode: ReleaseMode;
  starts_at: Date;
  ends_at: Date | null;
  opened_at: Date | null;
  hold_seconds: number;
}

const SUMMARY_SELECT = `
  SELECT id, collective_id, name, slug, state, release_mode, starts_at, ends_at, opened_at,
         hold_seconds
    FROM drops`;

function summaryOf(row: SummaryRow): DropSummary {
  return {
    id: row.id,
    collectiveId: row.collective_id,
    name: row.name,
    slug: row.slug,
    state: row.state,
    releaseMode: row.release_mode,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    openedAt: row.opened_at,
    holdSeconds: row.hold_seconds,
  };
}

/** The drops in `states` (of one collective, if given), soonest first, at most `limit`. */
export async function readDropSummaries(
  on: EntityManager | DataSource,
  filter: { states: readonly DropState[]; collectiveId?: string; limit: number },
): Promise<DropSummary[]> {
  const found = await rows<SummaryRow>(
    on,
    `${SUMMARY_SELECT} WHERE state = ANY($1) AND ($2::uuid IS NULL OR collective_id = $2)
      ORDER BY starts_at, id LIMIT $3`,
    [filter.states, filter.collectiveId ?? null, filter.limit],
  );
  return found.map(summaryOf);
}

/** One drop in any state, or null. */
export async function readDropSummary(
  on: EntityManager | DataSource,
  dropId: string,
): Promise<DropSummary | null> {
  const [row] = await rows<SummaryRow>(on, `${SUMMARY_SELECT} WHERE id = $1`, [dropId]);
  return row ? summaryOf(row) : null;
}

/** The drops that exist among `dropIds`, by id (unknown ids are left out); one statement. */
export async function readDropSummariesOf(
  on: EntityManager | DataSource,
  dropIds: readonly string[],
): Promise<Map<string, DropSummary>> {
  if (dropIds.length === 0) return new Map();
  const found = await rows<SummaryRow>(on, `${SUMMARY_SELECT} WHERE id = ANY($1::uuid[])`, [
    [...new Set(dropIds)],
  ]);
  return new Map(found.map((row) => [row.id, summaryOf(row)]));
}
