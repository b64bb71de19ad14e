import { variantIdsOfKindSql } from '@limited-run/catalog';
import { readCollectiveRefBySlug } from '@limited-run/collectives';
import type { Paged } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type DropView, DropViews } from './drop-views';
import { Drop, type DropState } from './drop.entity';
import { DropNotFoundError } from './drops.errors';
import type { PublicDropsQuery } from './dto/list-drops.query';

/** What the public list shows: what is coming and what is on sale. */
const LISTED: readonly DropState[] = ['scheduled', 'live'];
/** What a drop page shows; drafts never, cancelled drops only if they were ever announced. */
const SHOWN: readonly DropState[] = ['scheduled', 'live', 'sold_out', 'closed', 'cancelled'];

/** The public catalogue; reads only, no authentication. */
@Injectable()
export class DropCatalogue {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly views: DropViews,
  ) {}

  /** Upcoming and live drops, soonest start first; filtered by collective slug and item kind. */
  async list(query: PublicDropsQuery): Promise<Paged<DropView>> {
    const builder = this.dataSource
      .getRepository(Drop)
      .createQueryBuilder('d')
      .where('d.state IN (:...states)', { states: LISTED });
    if (query.collective) {
      const collective = await readCollectiveRefBySlug(this.dataSource, query.collective);
      if (!collective) return { rows: [], total: 0 };
      builder.andWhere('d.collective_id = :collectiveId', { collectiveId: collective.id });
    }
    if (query.kind) {
      // One EXISTS per listed drop, on the public catalogue's hot path; catalog writes the part
      // that reads its tables, so the filter stays one statement.
      builder.andWhere(
        `EXISTS (SELECT 1 FROM drop_lines l
                  WHERE l.drop_id = d.id AND l.variant_id IN (${variantIdsOfKindSql(':kind')}))`,
        { kind: query.kind },
      );
    }
    const [drops, total] = await builder
      .orderBy('d.starts_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { rows: await this.views.load(drops), total };
  }

  /**
   * One drop's page; DROP_NOT_FOUND for drafts, and for cancelled drops never announced (a
   * draft cancelled), as for unknown ids. A drop cancelled after it was scheduled says so.
   */
  async get(dropId: string): Promise<DropView> {
    const drop = await this.dataSource.getRepository(Drop).findOne({ where: { id: dropId } });
    if (!drop || !SHOWN.includes(drop.state)) throw new DropNotFoundError();
    if (drop.state === 'cancelled' && !(await this.wasScheduled(dropId))) {
      throw new DropNotFoundError();
    }
    return this.views.loadOne(drop);
  }

  /** Scheduling fixes every line's price, so a priced line is the mark of an announced drop. */
  private async wasScheduled(dropId: string): Promise<boolean> {
    const found = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM drop_lines WHERE drop_id = $1 AND price_minor IS NOT NULL LIMIT 1`,
      [dropId],
    );
    return found.length > 0;
  }
}
