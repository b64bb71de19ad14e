import { AuditLog, type AuditActor } from '@limited-run/audit';
import { afterCommit } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AnomalyEvents } from './anomaly-events';
import { Anomaly, type AnomalyKind, type AnomalyStatus } from './anomaly.entity';
import { AnomalyAlreadyResolvedError, AnomalyNotFoundError } from './anomalies.errors';

export const ANOMALY_PAGE_DEFAULT_LIMIT = 50;
export const ANOMALY_PAGE_MAX_LIMIT = 100;

export interface AnomalyFilter {
  status?: AnomalyStatus;
  kind?: AnomalyKind;
  dropId?: string;
  collectiveId?: string;
  /** The id of the last anomaly of the previous page. */
  before?: string;
  limit?: number;
}

export interface AnomalyPage {
  anomalies: Anomaly[];
  nextCursor: string | null;
}

/** Listing, acknowledging and resolving anomalies; every change is in the audit log. */
@Injectable()
export class AnomaliesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly events: AnomalyEvents,
  ) {}

  /** Newest first, keyset-paginated on `(raised_at, id)`. */
  async list(filter: AnomalyFilter): Promise<AnomalyPage> {
    const limit = Math.min(
      Math.max(filter.limit ?? ANOMALY_PAGE_DEFAULT_LIMIT, 1),
      ANOMALY_PAGE_MAX_LIMIT,
    );
    const qb = this.dataSource
      .getRepository(Anomaly)
      .createQueryBuilder('a')
      .orderBy('a.raised_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1);
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
    if (filter.dropId) qb.andWhere('a.drop_id = :dropId', { dropId: filter.dropId });
    if (filter.collectiveId) {
      qb.andWhere('a.collective_id = :collectiveId', { collectiveId: filter.collectiveId });
    }
    if (filter.before) {
      // A cursor naming no anomaly yields an empty page rather than an error: it may have been
      // the last row of a page whose anomaly no longer matches the filter.
      qb.andWhere(
        '(a.raised_at, a.id) < (SELECT c.raised_at, c.id FROM anomalies c WHERE c.id = :before)',
        { before: filter.before },
      );
    }
    const rows = await qb.getMany();
    const anomalies = rows.slice(0, limit);
    const last = anomalies.at(-1);
    return { anomalies, nextCursor: rows.length > limit && last ? last.id : null };
  }

  async get(id: string): Promise<Anomaly> {
    const anomaly = await this.dataSource.getRepository(Anomaly).findOneBy({ id });
    if (!anomaly) throw new AnomalyNotFoundError();
    return anomaly;
  }

  /** Someone is on it: stays listed as acknowledged until resolved. Idempotent. */
  acknowledge(id: string, actor: AuditActor): Promise<Anomaly> {
    return this.change(id, actor, 'acknowledge', (anomaly) => {
      if (anomaly.status === 'resolved') throw new AnomalyAlreadyResolvedError();
      if (anomaly.status === 'acknowledged') return false;
      anomaly.status = 'acknowledged';
      anomaly.acknowledgedAt = new Date();
      anomaly.acknowledgedBy = actor.userId;
      return true;
    });
  }

  /** Done with. Resolving a resolved anomaly is a no-op (a double click), not an error. */
  resolve(id: string, actor: AuditActor, note?: string): Promise<Anomaly> {
    return this.change(id, actor, 'resolve', (anomaly) => {
      if (anomaly.status === 'resolved') return false;
      anomaly.status = 'resolved';
      anomaly.resolvedAt = new Date();
      anomaly.resolvedBy = actor.userId;
      anomaly.resolutionNote = note ?? null;
      return true;
    });
  }

  private async change(
    id: string,
    actor: AuditActor,
    verb: 'acknowledge' | 'resolve',
    apply: (anomaly: Anomaly) => boolean,
  ): Promise<Anomaly> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(Anomaly)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new AnomalyNotFoundError();
      const before = row.status;
      if (!apply(row)) return row;
      await manager.getRepository(Anomaly).save(row);
      await this.audit.record(manager, {
        actor,
        action: `anomaly.${verb}`,
        targetType: 'anomaly',
        targetId: row.id,
        collectiveId: row.collectiveId,
        before: { status: before },
        after: {
          status: row.status,
          ...(row.resolutionNote ? { note: row.resolutionNote } : {}),
        },
      });
      await afterCommit(manager, 'publish the changed anomaly', () => this.events.publish([row]));
      return row;
    });
  }
}
