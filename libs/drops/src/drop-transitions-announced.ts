import type { EntityManager, QueryRunner } from 'typeorm';
import type { DropState } from './drop.entity';

/** A committed move of a drop's stored state. */
export interface DropTransitionNotice {
  dropId: string;
  from: DropState;
  to: DropState;
  at: Date;
}

interface Pending {
  notice: DropTransitionNotice;
  /** The transaction depth it was made at: a rolled-back savepoint takes it back. */
  depth: number;
}

const PENDING = 'limitedRun.dropTransitions';

type Carrier = QueryRunner & { transactionDepth?: number; data: Record<string, unknown> };

function pendingOf(runner: Carrier): Pending[] {
  const existing = runner.data[PENDING] as Pending[] | undefined;
  if (existing) return existing;
  const created: Pending[] = [];
  runner.data[PENDING] = created;
  return created;
}

/**
 * Remembers a state change on the transaction that made it, so it is announced only once that
 * transaction commits (side effects after commit) and never if it rolls back.
 * `takeCommitted` hands the committed ones to whoever listens (the inventory library's
 * `DropStateAnnouncer` publishes them on the drop's live stream).
 */
export function announceAfterCommit(manager: EntityManager, notice: DropTransitionNotice): void {
  if (!manager.queryRunner) return;
  const carrier = manager.queryRunner as Carrier;
  pendingOf(carrier).push({ notice, depth: carrier.transactionDepth ?? 1 });
}

/**
 * After a commit: the transitions a fully committed transaction made, in the order it made
 * them (and clears them). After a savepoint's release, none yet: what it made now belongs to
 * the enclosing level.
 */
export function takeCommitted(runner: QueryRunner): DropTransitionNotice[] {
  const carrier = runner as Carrier;
  const pending = carrier.data?.[PENDING] as Pending[] | undefined;
  if (!pending || pending.length === 0) return [];
  const depth = carrier.transactionDepth ?? 0;
  if (depth > 0) {
    for (const p of pending) p.depth = Math.min(p.depth, depth);
    return [];
  }
  carrier.data[PENDING] = [];
  return pending.map((p) => p.notice);
}

/** Forgets what a rolled-back transaction or savepoint made. */
export function forgetRolledBack(runner: QueryRunner): void {
  const carrier = runner as Carrier;
  const pending = carrier.data?.[PENDING] as Pending[] | undefined;
  if (!pending) return;
  const depth = carrier.transactionDepth ?? 0;
  carrier.data[PENDING] = pending.filter((p) => p.depth <= depth);
}
