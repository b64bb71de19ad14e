import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';
import type { AuditEntry, AuditEventsQuery } from './audit-entry';
import { AuditEvent } from './audit-event.entity';
import { AuditCursorInvalidError } from './audit.errors';

export const AUDIT_PAGE_DEFAULT_LIMIT = 50;
export const AUDIT_PAGE_MAX_LIMIT = 100;

export interface AuditEventsPage {
  events: AuditEvent[];
  /** Pass as `before` to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}

@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends an entry through the caller's transaction manager, so the entry exists exactly
   * when the change it describes does: a rollback takes both away.
   */
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const events = manager.getRepository(AuditEvent);
    await events.save(
      events.create({
        actorUserId: entry.actor.userId,
        requestId: entry.actor.requestId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        collectiveId: entry.collectiveId ?? null,
        before: entry.before ?? null,
        after: entry.after ?? null,
      }),
      { reload: false },
    );
  }

  /** Newest first, keyset-paginated on `(occurred_at, id)` so pages never repeat or skip rows. */
  async list(query: AuditEventsQuery): Promise<AuditEventsPage> {
    const limit = Math.min(
      Math.max(query.limit ?? AUDIT_PAGE_DEFAULT_LIMIT, 1),
      AUDIT_PAGE_MAX_LIMIT,
    );
    const cursorId = query.before === undefined ? undefined : decodeAuditCursor(query.before);
    if (query.before !== undefined && cursorId === undefined) throw new AuditCursorInvalidError();

    const qb = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .orderBy('e.occurred_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(limit + 1);
    const equal: Array<[Exclude<keyof AuditEventsQuery, 'before' | 'limit'>, string]> = [
      ['collectiveId', 'collective_id'],
      ['action', 'action'],
      ['targetType', 'target_type'],
      ['targetId', 'target_id'],
      ['actorUserId', 'actor_user_id'],
    ];
    for (const [field, column] of equal) {
      const value = query[field];
      if (value !== undefined) qb.andWhere(`e.${column} = :${field}`, { [field]: value });
    }
    if (cursorId !== undefined) {
      qb.andWhere(
        `(e.occurred_at, e.id) < (SELECT c.occurred_at, c.id FROM audit_events c WHERE c.id = :cursorId)`,
        { cursorId },
      );
    }
    const rows = await qb.getMany();

    if (rows.length === 0 && cursorId !== undefined) {
      // An empty page is also what a cursor naming no row yields; tell the two apart.
      const known = await this.dataSource.getRepository(AuditEvent).existsBy({ id: cursorId });
      if (!known) throw new AuditCursorInvalidError();
    }
    const events = rows.slice(0, limit);
    const last = events.at(-1);
    return {
      events,
      nextCursor: rows.length > limit && last ? encodeAuditCursor(last.id) : null,
    };
  }
}
