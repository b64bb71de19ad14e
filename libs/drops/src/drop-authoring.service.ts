import { type AuditActor, AuditLog } from '@limited-run/audit';
import { refuseNulls } from '@limited-run/catalog';
import type { CollectiveRef } from '@limited-run/collectives';
import { constraintViolation, type Paged, UNIQUE_VIOLATION } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DropLineAllocation, linesInVariantOrder } from './drop-line-allocation';
import { dropShapeProblems, type DropTiming, scheduleProblems } from './drop-rules';
import { DropScheduler } from './drop-scheduler';
import { type DropView, DropViews } from './drop-views';
import { dbNow, lineCount, lockDrop } from './drop-queries';
import { Drop, type DropState } from './drop.entity';
import {
  DropFrozenError,
  DropNotFoundError,
  DropNotSchedulableError,
  DropSlugTakenError,
  InvalidDropError,
} from './drops.errors';
import type { CreateDropDto } from './dto/create-drop.dto';
import type { ListDropsQuery } from './dto/list-drops.query';
import type { UpdateDropDto } from './dto/update-drop.dto';

/** The states in which a drop's details (not its lines) may still change. */
const EDITABLE: readonly DropState[] = ['draft', 'scheduled'];

type Instant = string | null | undefined;
const toDate = (value: Instant): Date | null => (value ? new Date(value) : null);

const TIMING_FIELDS = ['startsAt', 'endsAt', 'earlyAccessStartsAt', 'entryClosesAt'] as const;

function timingOf(input: CreateDropDto): DropTiming {
  return {
    releaseMode: input.releaseMode ?? 'first_come',
    startsAt: new Date(input.startsAt),
    endsAt: toDate(input.endsAt),
    earlyAccessStartsAt: toDate(input.earlyAccessStartsAt),
    entryClosesAt: toDate(input.entryClosesAt),
  };
}

/** The audit trail's view of a drop's details. */
function dropSnapshot(drop: Drop): Record<string, unknown> {
  return {
    name: drop.name,
    slug: drop.slug,
    description: drop.description,
    state: drop.state,
    releaseMode: drop.releaseMode,
    startsAt: drop.startsAt.toISOString(),
    endsAt: drop.endsAt?.toISOString() ?? null,
    earlyAccessStartsAt: drop.earlyAccessStartsAt?.toISOString() ?? null,
    entryClosesAt: drop.entryClosesAt?.toISOString() ?? null,
    holdSeconds: drop.holdSeconds,
    perCustomerLimit: drop.perCustomerLimit,
  };
}

function rethrowSlugTaken(error: unknown): never {
  const violation = constraintViolation(error);
  if (violation?.code === UNIQUE_VIOLATION && violation.constraint === 'UQ_drops_collective_slug')
    throw new DropSlugTakenError();
  throw error;
}

/**
 * A collective writing its drops: drafts, their details and their lines. Allocation happens
 * when a line is written: a draft's line already holds its units of the variant's edition, so
 * the collective always sees what is left to allocate, and scheduling cannot fail for lack of
 * units. Lines change only in draft; details change in draft and scheduled. Moving a drop in
 * time (schedule, extend, cancel) is `DropSchedulingService`'s.
 */
@Injectable()
export class DropAuthoringService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lines: DropLineAllocation,
    private readonly scheduler: DropScheduler,
    private readonly views: DropViews,
    private readonly audit: AuditLog,
  ) {}

  /** Creates a draft, with its first lines allocated in the same transaction. */
  async create(
    actor: AuditActor,
    collective: CollectiveRef,
    input: CreateDropDto,
  ): Promise<DropView> {
    const timing = timingOf(input);
    const problems = dropShapeProblems(timing);
    if (problems.length > 0) throw new InvalidDropError(problems);
    const lines = linesInVariantOrder(input.lines ?? []);

    return this.dataSource
      .transaction(async (manager) => {
        const drop = await manager.getRepository(Drop).save(
          manager.create(Drop, {
            collectiveId: collective.id,
            name: input.name,
            slug: input.slug,
            description: input.description ?? '',
            state: 'draft',
            ...timing,
            holdSeconds: input.holdSeconds ?? 600,
            perCustomerLimit: input.perCustomerLimit ?? 1,
          }),
        );
        await this.lines.allocateFirst(manager, collective.id, drop.id, lines);
        await this.audit.record(manager, {
          actor,
          action: 'drop.create',
          targetType: 'drop',
          targetId: drop.id,
          collectiveId: collective.id,
          after: {
            ...dropSnapshot(drop),
            lines: lines.map(({ line }) => ({
              variantId: line.variantId,
              quantity: line.quantity,
            })),
          },
        });
        return this.views.loadOne(drop, manager);
      })
      .catch(rethrowSlugTaken);
  }

  /** The collective's drops in every state, soonest start first. */
  async list(collectiveId: string, query: ListDropsQuery): Promise<Paged<DropView>> {
    const [drops, total] = await this.dataSource.getRepository(Drop).findAndCount({
      where: { collectiveId, ...(query.state ? { state: query.state } : {}) },
      order: { startsAt: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { rows: await this.views.load(drops), total };
  }

  async get(collectiveId: string, dropId: string): Promise<DropView> {
    const drop = await this.dataSource
      .getRepository(Drop)
      .findOne({ where: { id: dropId, collectiveId } });
    if (!drop) throw new DropNotFoundError();
    return this.views.loadOne(drop);
  }

  /**
   * Changes a draft or scheduled drop's details. A scheduled drop must remain schedulable (its
   * start still ahead), and its open/close jobs move with it.
   */
  async update(
    actor: AuditActor,
    collective: CollectiveRef,
    dropId: string,
    patch: UpdateDropDto,
  ): Promise<DropView> {
    refuseNulls(patch, ['endsAt', 'earlyAccessStartsAt', 'entryClosesAt']);
    return this.dataSource
      .transaction(async (manager) => {
        const drop = await lockDrop(manager, collective.id, dropId);
        if (!EDITABLE.includes(drop.state)) throw new DropFrozenError(drop.state, 'details');
        const changes: Partial<Drop> = {};
        for (const [key, value] of Object.entries(patch) as Array<[keyof UpdateDropDto, unknown]>) {
          if (value === undefined) continue;
          const isInstant = (TIMING_FIELDS as readonly string[]).includes(key);
          Object.assign(changes, { [key]: isInstant ? toDate(value as Instant) : value });
        }
        const keys = Object.keys(changes);
        if (drop.state === 'scheduled') await this.scheduler.scheduleAfterCommit(manager, drop);
        if (keys.length === 0) return this.views.loadOne(drop, manager);
        const next: Drop = { ...drop, ...changes };
        const shape = dropShapeProblems(next);
        if (shape.length > 0) throw new InvalidDropError(shape);
        if (drop.state === 'scheduled') {
          const problems = scheduleProblems(
            next,
            await lineCount(manager, drop.id),
            await dbNow(manager),
          );
          if (problems.length > 0) throw new DropNotSchedulableError(problems);
        }
        const before = dropSnapshot(drop);
        const saved = await manager.getRepository(Drop).save(Object.assign(drop, changes));
        const after = dropSnapshot(saved);
        await this.audit.record(manager, {
          actor,
          action: 'drop.update',
          targetType: 'drop',
          targetId: drop.id,
          collectiveId: collective.id,
          before: Object.fromEntries(keys.map((k) => [k, before[k]])),
          after: Object.fromEntries(keys.map((k) => [k, after[k]])),
        });
        return this.views.loadOne(saved, manager);
      })
      .catch(rethrowSlugTaken);
  }

  /**
   * Sets a draft's quantity of one variant, taking the difference from the variant's edition
   * (or giving it back) in the same transaction.
   */
  async setLine(
    actor: AuditActor,
    collective: CollectiveRef,
    dropId: string,
    variantId: string,
    quantity: number,
  ): Promise<DropView> {
    return this.dataSource.transaction(async (manager) => {
      const drop = await lockDrop(manager, collective.id, dropId);
      if (drop.state !== 'draft') throw new DropFrozenError(drop.state, 'lines');
      const { previous } = await this.lines.set(
        manager,
        collective.id,
        dropId,
        variantId,
        quantity,
      );
      await this.audit.record(manager, {
        actor,
        action: 'drop.line.set',
        targetType: 'drop',
        targetId: drop.id,
        collectiveId: collective.id,
        before: previous === null ? null : { variantId, quantity: previous },
        after: { variantId, quantity },
      });
      return this.views.loadOne(drop, manager);
    });
  }

  /** Removes a draft's line and gives its units back to the edition. */
  async removeLine(
    actor: AuditActor,
    collective: CollectiveRef,
    dropId: string,
    variantId: string,
  ): Promise<DropView> {
    return this.dataSource.transaction(async (manager) => {
      const drop = await lockDrop(manager, collective.id, dropId);
      if (drop.state !== 'draft') throw new DropFrozenError(drop.state, 'lines');
      const removed = await this.lines.remove(manager, dropId, variantId);
      await this.audit.record(manager, {
        actor,
        action: 'drop.line.remove',
        targetType: 'drop',
        targetId: drop.id,
        collectiveId: collective.id,
        before: { variantId, quantity: removed },
      });
      return this.views.loadOne(drop, manager);
    });
  }
}
