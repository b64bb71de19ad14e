/** What both drop services read inside their transactions. */
import type { EntityManager } from 'typeorm';
import { DropLine } from './drop-line.entity';
import { Drop } from './drop.entity';
import { DropNotFoundError } from './drops.errors';

/** The collective's drop, row-locked for the rest of the transaction, or DROP_NOT_FOUND. */
export async function lockDrop(
  manager: EntityManager,
  collectiveId: string,
  dropId: string,
): Promise<Drop> {
  const drop = await manager.getRepository(Drop).findOne({
    where: { id: dropId, collectiveId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!drop) throw new DropNotFoundError();
  return drop;
}

export function lineCount(manager: EntityManager, dropId: string): Promise<number> {
  return manager.getRepository(DropLine).count({ where: { dropId } });
}

/** The database's clock, the one the worker opens and closes drops by. */
export async function dbNow(manager: EntityManager): Promise<Date> {
  const [row] = await manager.query<Array<{ now: Date }>>('SELECT now() AS now');
  return row.now;
}
