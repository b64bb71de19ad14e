import { afterCommit } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { DropState } from './drop.entity';

/** A committed move of a drop's stored state. */
export interface DropTransitionNotice {
  dropId: string;
  from: DropState;
  to: DropState;
  at: Date;
}

export type DropTransitionListener = (notice: DropTransitionNotice) => Promise<void>;

/** Per data source, as TypeORM keeps its subscribers: two apps in one process hear their own. */
const listeners = new WeakMap<DataSource, DropTransitionListener[]>();

/**
 * Hears every drop state change committed through `dataSource`, in the order its transaction
 * made them. The inventory library's `DropStateAnnouncer` listens and publishes them on the
 * drop's live stream; this library cannot call it (inventory depends on drops).
 */
export function onDropTransitionCommitted(
  dataSource: DataSource,
  listener: DropTransitionListener,
): void {
  const heard = listeners.get(dataSource) ?? [];
  if (!heard.includes(listener)) heard.push(listener);
  listeners.set(dataSource, heard);
}

/**
 * Tells the listeners about a state change once the transaction that made it commits (platform's
 * `afterCommit`), and never if it, or the savepoint it was made in, rolls back.
 */
export async function announceAfterCommit(
  manager: EntityManager,
  notice: DropTransitionNotice,
): Promise<void> {
  for (const listener of listeners.get(manager.dataSource) ?? []) {
    await afterCommit(manager, 'announce a drop state change', () => listener(notice));
  }
}
