import { AuditLog, SYSTEM_ACTOR } from '@limited-run/audit';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { applyDropTransition } from './drop-lifecycle';
import { Drop, type DropState } from './drop.entity';
import { EditionLedger } from './edition-ledger';

const SWEEP_BATCH = 100;

/**
 * - `done`: this call moved the drop.
 * - `not-due`: the drop is waiting, but its moment has not come by the database clock.
 * - `stale`: the job was for a time the drop no longer has (it was rescheduled or extended).
 * - `nothing-to-do`: the drop is in another state (already moved by someone else, cancelled) or gone.
 */
export type ClockOutcome = 'done' | 'not-due' | 'stale' | 'nothing-to-do';

export interface SweepResult {
  opened: number;
  closed: number;
}

/**
 * Opens and closes drops on time: driven by each drop's delayed jobs and by the periodic sweep.
 * Every move goes through the state machine's guarded UPDATE with a due-by-the-clock condition,
 * so a job and the sweep (or two workers) racing for one drop apply it once, and an early or
 * stale job changes nothing.
 */
@Injectable()
export class DropClock {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly ledger: EditionLedger,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(DropClock.name);
  }

  /** scheduled → live once `startsAt` has passed. `expectedStartsAt`: the job's own time. */
  async open(dropId: string, expectedStartsAt?: string): Promise<ClockOutcome> {
    return this.move(dropId, 'scheduled', 'live', 'startsAt', expectedStartsAt);
  }

  /**
   * live (or sold out) → closed once `endsAt` has passed; the free units go back to their
   * editions in the same transaction, held ones as their holds end.
   */
  async close(dropId: string, expectedEndsAt?: string): Promise<ClockOutcome> {
    const outcome = await this.move(dropId, 'live', 'closed', 'endsAt', expectedEndsAt);
    if (outcome !== 'nothing-to-do') return outcome;
    return this.move(dropId, 'sold_out', 'closed', 'endsAt', expectedEndsAt);
  }

  /** Opens every scheduled drop whose start has passed and closes every live drop whose end has. */
  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { opened: 0, closed: 0 };
    for (const id of await this.dueIds('scheduled', 'starts_at')) {
      if ((await this.open(id)) === 'done') result.opened++;
    }
    for (const id of await this.dueIds('live', 'ends_at')) {
      if ((await this.close(id)) === 'done') result.closed++;
    }
    for (const id of await this.dueIds('sold_out', 'ends_at')) {
      if ((await this.close(id)) === 'done') result.closed++;
    }
    if (result.opened + result.closed > 0) this.logger.info(result, 'sweep moved drops');
    return result;
  }

  private async move(
    dropId: string,
    from: DropState,
    to: DropState,
    dueBy: 'startsAt' | 'endsAt',
    expectedAt: string | undefined,
  ): Promise<ClockOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const moved = await applyDropTransition(manager, { dropId, from, to, dueBy });
      if (moved) {
        // Closing gives the free units back; opening a drop with nothing left (a raffle
        // whose units were all claimed or returned before its start) ends it at once.
        const cause = { actorUserId: null, reason: to === 'live' ? 'drop opened' : 'drop closed' };
        if (to === 'closed') await this.ledger.returnLeftovers(manager, dropId, cause);
        else await this.ledger.followStock(manager, dropId, cause);
        await this.audit.record(manager, {
          actor: SYSTEM_ACTOR,
          action: to === 'live' ? 'drop.open' : 'drop.close',
          targetType: 'drop',
          targetId: dropId,
          collectiveId: moved.collectiveId,
          before: { state: from },
          after: { state: to, [dueBy]: moved[dueBy]?.toISOString() ?? null },
        });
        return 'done';
      }
      const drop = await manager.getRepository(Drop).findOne({ where: { id: dropId } });
      if (!drop || drop.state !== from) return 'nothing-to-do';
      const at = drop[dueBy];
      if (expectedAt !== undefined && at?.toISOString() !== expectedAt) return 'stale';
      return 'not-due';
    });
  }

  private async dueIds(state: DropState, column: 'starts_at' | 'ends_at'): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(Drop)
      .createQueryBuilder('d')
      .select('d.id', 'id')
      .where('d.state = :state', { state })
      .andWhere(`d.${column} <= now()`)
      .orderBy(`d.${column}`, 'ASC')
      .limit(SWEEP_BATCH)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}
