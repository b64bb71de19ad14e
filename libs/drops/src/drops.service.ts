import { type AuditActor, AuditLog } from '@limited-run/audit';
import { CatalogService, EditionAllocator, refuseNulls } from '@limited-run/catalog';
import type { CollectiveRef } from '@limited-run/collectives';
import {
  afterCommit,
  constraintViolation,
  type DomainErrorDetail,
  type Paged,
  RequestValidationError,
  UNIQUE_VIOLATION,
} from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertDropTransition, applyDropTransition } from './drop-lifecycle';
import { DropLine } from './drop-line.entity';
import { dropShapeProblems, type DropTiming, scheduleProblems } from './drop-rules';
import { DropScheduler } from './drop-scheduler';
import { type DropView, DropViews } from './drop-views';
import { EditionLedger } from './edition-ledger';
import { Drop, type DropState } from './drop.entity';
import {
  DropFrozenError,
  DropLineNotFoundError,
  DropNotFoundError,
  DropNotSchedulableError,
  DropSlugTakenError,
  EndsAtNotExtendedError,
  InvalidDropError,
} from './drops.errors';
import type { CreateDropDto, DropLineInput } from './dto/create-drop.dto';
import type { ListDropsQuery } from './dto/list-drops.query';
import type { UpdateDropDto } from './dto/update-drop.dto';

/** The states in which a drop's details (not its lines) may still change. */
const EDITABLE: readonly DropState[] = ['draft', 'scheduled'];

type Instant = string | null | undefined;
const toDate = (value: Instant): Date | null => (value ? new Date(value) : null);

const TIMING_FIELDS = ['startsAt', 'endsAt', 'earlyAccessStartsAt', 'entryClosesAt'] as const;

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
 * What a collective does with its drops. Allocation happens when a line is written: a draft's
 * line already holds its units of the variant's edition, so the collective always sees what is
 * left to allocate, and scheduling cannot fail for lack of units. Lines change only in draft;
 * details change in draft and scheduled; a live drop only gets a later end or is cancelled.
 */
@Injectable()
export class DropsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly allocator: EditionAllocator,
    private readonly scheduler: DropScheduler,
    private readonly views: DropViews,
    private readonly audit: AuditLog,
    private readonly ledger: EditionLedger,
  ) {}

  /** Creates a draft, with its first lines allocated in the same transaction. */
  async create(
    actor: AuditActor,
    collective: CollectiveRef,
    input: CreateDropDto,
  ): Promise<DropView> {
    const timing: DropTiming = {
      releaseMode: input.releaseMode ?? 'first_come',
      startsAt: new Date(input.startsAt),
      endsAt: toDate(input.endsAt),
      earlyAccessStartsAt: toDate(input.earlyAccessStartsAt),
      entryClosesAt: toDate(input.entryClosesAt),
    };
    const problems = dropShapeProblems(timing);
    if (problems.length > 0) throw new InvalidDropError(problems);
    const lines = this.indexedLines(input.lines ?? []);

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
        // Ascending variant order: two transactions allocating the same variants cannot deadlock.
        for (const { line, index } of lines) {
          await this.catalog.variantOfCollective(
            manager,
            collective.id,
            line.variantId,
            `lines.${index}.variantId`,
          );
          await this.allocator.allocate(
            manager,
            line.variantId,
            line.quantity,
            `lines.${index}.quantity`,
          );
          await manager.getRepository(DropLine).insert({
            dropId: drop.id,
            variantId: line.variantId,
            quantityAllocated: line.quantity,
          });
        }
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
        const drop = await this.lockDrop(manager, collective.id, dropId);
        if (!EDITABLE.includes(drop.state)) throw new DropFrozenError(drop.state, 'details');
        const changes: Partial<Drop> = {};
        for (const [key, value] of Object.entries(patch) as Array<[keyof UpdateDropDto, unknown]>) {
          if (value === undefined) continue;
          const isInstant = (TIMING_FIELDS as readonly string[]).includes(key);
          Object.assign(changes, { [key]: isInstant ? toDate(value as Instant) : value });
        }
        const keys = Object.keys(changes);
        if (drop.state === 'scheduled') await this.scheduleAfterCommit(manager, drop);
        if (keys.length === 0) return this.views.loadOne(drop, manager);
        const next: Drop = { ...drop, ...changes };
        const shape = dropShapeProblems(next);
        if (shape.length > 0) throw new InvalidDropError(shape);
        if (drop.state === 'scheduled') {
          const problems = scheduleProblems(
            next,
            await this.lineCount(manager, drop.id),
            await this.dbNow(manager),
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
      const drop = await this.lockDrop(manager, collective.id, dropId);
      if (drop.state !== 'draft') throw new DropFrozenError(drop.state, 'lines');
      await this.catalog.variantOfCollective(manager, collective.id, variantId);
      const lines = manager.getRepository(DropLine);
      const existing = await lines.findOne({ where: { dropId, variantId } });
      const previous = existing?.quantityAllocated ?? 0;
      if (quantity > previous) {
        await this.allocator.allocate(manager, variantId, quantity - previous);
      } else {
        await this.allocator.release(manager, variantId, previous - quantity);
      }
      if (existing) {
        await lines.update({ id: existing.id }, { quantityAllocated: quantity });
      } else {
        await lines.insert({ dropId, variantId, quantityAllocated: quantity });
      }
      await this.audit.record(manager, {
        actor,
        action: 'drop.line.set',
        targetType: 'drop',
        targetId: drop.id,
        collectiveId: collective.id,
        before: existing ? { variantId, quantity: previous } : null,
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
      const drop = await this.lockDrop(manager, collective.id, dropId);
      if (drop.state !== 'draft') throw new DropFrozenError(drop.state, 'lines');
      const lines = manager.getRepository(DropLine);
      const line = await lines.findOne({ where: { dropId, variantId } });
      if (!line) throw new DropLineNotFoundError();
      await this.allocator.release(manager, variantId, line.quantityAllocated);
      await lines.delete({ id: line.id });
      await this.audit.record(manager, {
        actor,
        action: 'drop.line.remove',
        targetType: 'drop',
        targetId: drop.id,
        collectiveId: collective.id,
        before: { variantId, quantity: line.quantityAllocated },
      });
      return this.views.loadOne(drop, manager);
    });
  }

  /**
   * draft → scheduled, after checking everything against the database clock; copies each
   * variant's current price onto its line, where it stays for the life of the drop. The open
   * and close jobs are enqueued after commit.
   */
  async schedule(actor: AuditActor, collective: CollectiveRef, dropId: string): Promise<DropView> {
    return this.dataSource.transaction(async (manager) => {
      const drop = await this.lockDrop(manager, collective.id, dropId);
      assertDropTransition(drop.state, 'scheduled');
      const problems = scheduleProblems(
        drop,
        await this.lineCount(manager, drop.id),
        await this.dbNow(manager),
      );
      if (problems.length > 0) throw new DropNotSchedulableError(problems);
      await manager.query(
        `UPDATE "drop_lines" AS l
            SET "price_minor" = v."price_minor", "currency" = v."currency", "updated_at" = now()
           FROM "variants" AS v
          WHERE l."drop_id" = $1 AND v."id" = l."variant_id"`,
        [drop.id],
      );
      const scheduled = await this.transition(manager, drop, 'scheduled');
      const loaded = await this.views.loadOne(scheduled, manager);
      await this.audit.record(manager, {
        actor,
        action: 'drop.schedule',
        targetType: 'drop',
        targetId: drop.id,
        collectiveId: collective.id,
        before: { state: drop.state },
        after: {
          state: scheduled.state,
          startsAt: scheduled.startsAt.toISOString(),
          endsAt: scheduled.endsAt?.toISOString() ?? null,
          lines: loaded.lines.map((l) => ({
            variantId: l.variantId,
            quantity: l.quantityAllocated,
            priceMinor: l.priceMinor,
            currency: l.currency,
          })),
        },
      });
      await this.scheduleAfterCommit(manager, loaded.drop);
      return loaded;
    });
  }

  /**
   * Cancels a draft, scheduled or live drop, in one transaction: the drop row is locked, then
   * `endEverything` (the caller's work: holds, entries, mail) runs on the locked drop, then the
   * state moves and every unit neither sold nor held goes back to its edition. Units a live
   * drop had sold stay allocated: they are gone from the edition.
   */
  async cancel(
    actor: AuditActor,
    collective: CollectiveRef,
    dropId: string,
    endEverything?: (manager: EntityManager, drop: Drop) => Promise<void>,
  ): Promise<DropView> {
    return this.dataSource.transaction(async (manager) => {
      const drop = await this.lockDrop(manager, collective.id, dropId);
      assertDropTransition(drop.state, 'cancelled');
      if (endEverything) await endEverything(manager, drop);
      const cancelled = await this.transition(manager, drop, 'cancelled');
      const released = await this.ledger.returnLeftovers(manager, drop.id, {
        actorUserId: actor.userId,
        reason: 'drop cancelled',
      });
      await this.audit.record(manager, {
        actor,
        action: 'drop.cancel',
        targetType: 'drop',
        targetId: drop.id,
        collectiveId: collective.id,
        before: { state: drop.state },
        after: { state: cancelled.state, released },
      });
      await afterCommit(manager, "remove the drop's jobs", () =>
        this.scheduler.unschedule(drop.id),
      );
      return this.views.loadOne(cancelled, manager);
    });
  }

  /** Moves `endsAt` later: the one change a live drop accepts. */
  async extend(
    actor: AuditActor,
    collective: CollectiveRef,
    dropId: string,
    endsAtIso: string,
  ): Promise<DropView> {
    const endsAt = new Date(endsAtIso);
    return this.dataSource.transaction(async (manager) => {
      const drop = await this.lockDrop(manager, collective.id, dropId);
      if (!['draft', 'scheduled', 'live'].includes(drop.state)) {
        throw new DropFrozenError(drop.state, 'end');
      }
      if (!drop.endsAt) {
        throw new EndsAtNotExtendedError(
          'the drop has no end: it stays open until sold out or cancelled',
        );
      }
      if (endsAt <= drop.endsAt) {
        throw new EndsAtNotExtendedError(
          `endsAt must be later than the current end, ${drop.endsAt.toISOString()}`,
        );
      }
      if (endsAt <= (await this.dbNow(manager))) {
        throw new EndsAtNotExtendedError('endsAt must be in the future');
      }
      const before = drop.endsAt.toISOString();
      const saved = await manager.getRepository(Drop).save(Object.assign(drop, { endsAt }));
      await this.audit.record(manager, {
        actor,
        action: 'drop.extend',
        targetType: 'drop',
        targetId: drop.id,
        collectiveId: collective.id,
        before: { endsAt: before },
        after: { endsAt: endsAt.toISOString() },
      });
      if (saved.state === 'scheduled' || saved.state === 'live') {
        // Jobs only make drops punctual: if Redis refuses, the sweep still acts on time.
        await afterCommit(manager, 'move the close job', () => this.scheduler.scheduleClose(saved));
      }
      return this.views.loadOne(saved, manager);
    });
  }

  /** The drop, row-locked for the rest of the transaction, or DROP_NOT_FOUND. */
  private async lockDrop(
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

  private async transition(manager: EntityManager, drop: Drop, to: DropState): Promise<Drop> {
    const moved = await applyDropTransition(manager, { dropId: drop.id, from: drop.state, to });
    // The row is locked by this transaction, so nobody else can have moved it.
    if (!moved) throw new Error(`drop ${drop.id} left ${drop.state} under our lock`);
    return moved;
  }

  private async lineCount(manager: EntityManager, dropId: string): Promise<number> {
    return manager.getRepository(DropLine).count({ where: { dropId } });
  }

  /** The database's clock, the one the worker opens and closes drops by. */
  private async dbNow(manager: EntityManager): Promise<Date> {
    const [row] = await manager.query<Array<{ now: Date }>>('SELECT now() AS now');
    return row.now;
  }

  /** Lines sorted by variant id, each with its index in the request; a variant twice is refused. */
  private indexedLines(lines: DropLineInput[]): Array<{ line: DropLineInput; index: number }> {
    const problems: DomainErrorDetail[] = [];
    lines.forEach((line, index) => {
      if (lines.findIndex((other) => other.variantId === line.variantId) !== index) {
        problems.push({
          field: `lines.${index}.variantId`,
          message: 'each variant may appear once',
        });
      }
    });
    if (problems.length > 0) throw new RequestValidationError(problems);
    return lines
      .map((line, index) => ({ line, index }))
      .sort((a, b) => (a.line.variantId.toLowerCase() < b.line.variantId.toLowerCase() ? -1 : 1));
  }

  /**
   * Jobs only make drops punctual: queued once this commits; if Redis refuses, the sweep still
   * acts on time.
   */
  private async scheduleAfterCommit(manager: EntityManager, drop: Drop): Promise<void> {
    await afterCommit(manager, "queue the drop's open and close jobs", () =>
      this.scheduler.schedule(drop),
    );
  }
}
