import { type AuditActor, AuditLog } from '@limited-run/audit';
import { readVariantPrices } from '@limited-run/catalog';
import type { CollectiveRef } from '@limited-run/collectives';
import { afterCommit } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assertDropTransition, applyDropTransition } from './drop-lifecycle';
import { dbNow, lineCount, lockDrop } from './drop-queries';
import { scheduleProblems } from './drop-rules';
import { DropScheduler } from './drop-scheduler';
import { lineVariantIds } from './drop-terms';
import { type DropView, DropViews } from './drop-views';
import { Drop, type DropState } from './drop.entity';
import { DropFrozenError, DropNotSchedulableError, EndsAtNotExtendedError } from './drops.errors';
import { EditionLedger } from './edition-ledger';

/**
 * A collective moving its drop in time: scheduling a draft, extending a drop's end, cancelling
 * it. Each move's jobs are queued after commit; opening and closing on time are the worker's
 * (`DropClock`). Writing drafts is `DropAuthoringService`'s.
 */
@Injectable()
export class DropSchedulingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: DropScheduler,
    private readonly views: DropViews,
    private readonly audit: AuditLog,
    private readonly ledger: EditionLedger,
  ) {}

  /**
   * draft → scheduled, after checking everything against the database clock; copies each
   * variant's current price onto its line, where it stays for the life of the drop. The open
   * and close jobs are enqueued after commit.
   */
  async schedule(actor: AuditActor, collective: CollectiveRef, dropId: string): Promise<DropView> {
    return this.dataSource.transaction(async (manager) => {
      const drop = await lockDrop(manager, collective.id, dropId);
      assertDropTransition(drop.state, 'scheduled');
      const problems = scheduleProblems(
        drop,
        await lineCount(manager, drop.id),
        await dbNow(manager),
      );
      if (problems.length > 0) throw new DropNotSchedulableError(problems);
      const prices = await readVariantPrices(manager, await lineVariantIds(manager, drop.id));
      await manager.query(
        `UPDATE "drop_lines" AS l
            SET "price_minor" = v."price_minor", "currency" = v."currency", "updated_at" = now()
           FROM unnest($2::uuid[], $3::int[], $4::text[]) AS v("variant_id", "price_minor", "currency")
          WHERE l."drop_id" = $1 AND v."variant_id" = l."variant_id"`,
        [
          drop.id,
          prices.map((price) => price.variantId),
          prices.map((price) => price.priceMinor),
          prices.map((price) => price.currency),
        ],
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
      await this.scheduler.scheduleAfterCommit(manager, loaded.drop);
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
      const drop = await lockDrop(manager, collective.id, dropId);
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
      const drop = await lockDrop(manager, collective.id, dropId);
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
      if (endsAt <= (await dbNow(manager))) {
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

  private async transition(manager: EntityManager, drop: Drop, to: DropState): Promise<Drop> {
    const moved = await applyDropTransition(manager, { dropId: drop.id, from: drop.state, to });
    // The row is locked by this transaction, so nobody else can have moved it.
    if (!moved) throw new Error(`drop ${drop.id} left ${drop.state} under our lock`);
    return moved;
  }
}
