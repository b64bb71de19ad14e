import { NotificationsDispatcher, NotificationsService } from '@limited-run/notifications';
import { PlatformConfig } from '@limited-run/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { lineStock, readDrop } from '../drop-facts';
import { type GrantedHold, grantRefusal, HOLD_GRANTER, type HoldGranter } from '../hold-granter';
import { attempt, lockDrop, rows } from '../sql';

interface NextFan {
  id: string;
  user_id: string;
  email: string;
}

/**
 * Second chance after a sellout. Once a live drop has had no unit left while fans waited on
 * its waitlist, units that come back (expired, released or refunded holds) are offered to the
 * waiting fans in joining order, each as a hold with its own window, before open sale resumes
 * (EarlyAccessPolicy keeps the public out meanwhile). A fan who named a variant is offered
 * only that one.
 */
@Injectable()
export class SecondChance {
  private readonly offerSeconds: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HOLD_GRANTER) private readonly holds: HoldGranter,
    private readonly notifications: NotificationsService,
    private readonly dispatcher: NotificationsDispatcher,
    private readonly logger: PinoLogger,
    config: PlatformConfig,
  ) {
    this.logger.setContext(SecondChance.name);
    this.offerSeconds = config.get('WAITLIST_OFFER_SECONDS');
  }

  /** Every live drop with fans waiting, at most `limit` of them. */
  async candidates(limit = 200): Promise<string[]> {
    const found = await rows<{ id: string }>(
      this.dataSource,
      `SELECT d.id FROM drops d
        WHERE d.state = 'live' AND d.release_mode IN ('first_come', 'waitlist_first')
          AND EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.drop_id = d.id AND w.status = 'waiting')
        LIMIT $1`,
      [limit],
    );
    return found.map((row) => row.id);
  }

  /** Notes a sellout, or offers the units that are free again; returns the offers made. */
  async run(dropId: string): Promise<number> {
    const granted: GrantedHold[] = [];
    const notes: string[] = [];
    await this.dataSource.transaction(async (manager) => {
      await lockDrop(manager, 'waitlist', dropId);
      const drop = await readDrop(manager, dropId);
      if (!drop || drop.state !== 'live' || drop.releaseMode === 'raffle') return;
      const lines = await lineStock(manager, dropId);
      const [marked] = await rows<{ since: Date | null }>(
        manager,
        `SELECT sold_out_at AS since FROM waitlist_second_chances WHERE drop_id = $1`,
        [dropId],
      );
      if (!marked) {
        if (lines.some((line) => line.available > 0)) return;
        await rows(
          manager,
          `INSERT INTO waitlist_second_chances (drop_id) VALUES ($1) ON CONFLICT DO NOTHING`,
          [dropId],
        );
        this.logger.info({ dropId }, 'sold out with fans waiting: second chance begins');
        return;
      }
      for (const line of lines) {
        for (let left = line.available; left > 0;) {
          const next = await this.nextFans(manager, dropId, line.variantId, left);
          if (next.length === 0) break;
          for (const fan of next) {
            const hold = await this.offer(manager, dropId, line.variantId, fan);
            if (hold === 'sold_out') {
              left = 0;
              break;
            }
            if (!hold) continue;
            left--;
            granted.push(hold);
            notes.push(
              (
                await this.notifications.record(manager, {
                  recipientUserId: fan.user_id,
                  recipientEmail: fan.email,
                  template: 'second-chance-offer',
                  payload: {
                    dropId,
                    dropName: drop.name,
                    claimBy: hold.expiresAt.toISOString(),
                  },
                })
              ).id,
            );
          }
        }
      }
    });
    await this.afterCommit(granted, notes);
    return granted.length;
  }

  private async nextFans(
    manager: EntityManager,
    dropId: string,
    variantId: string,
    count: number,
  ): Promise<NextFan[]> {
    return rows<NextFan>(
      manager,
      `SELECT w.id, w.user_id, u.email FROM waitlist_entries w JOIN users u ON u.id = w.user_id
        WHERE w.drop_id = $1 AND w.status = 'waiting'
          AND (w.variant_id IS NULL OR w.variant_id = $2)
        ORDER BY w.position LIMIT $3`,
      [dropId, variantId, count],
    );
  }

  /** The hold, null when this fan is passed over (at their limit), 'sold_out' when none is left. */
  private async offer(
    manager: EntityManager,
    dropId: string,
    variantId: string,
    fan: NextFan,
  ): Promise<GrantedHold | null | 'sold_out'> {
    const outcome = await attempt(manager, 'waitlist_grant', async () => {
      const hold = await this.holds.grant(manager, {
        dropId,
        variantId,
        userId: fan.user_id,
        quantity: 1,
        holdSeconds: this.offerSeconds,
        key: `waitlist:${fan.id}`,
        reason: 'waitlist second chance',
      });
      await rows(
        manager,
        `UPDATE waitlist_entries SET status = 'offered', offer_hold_id = $2, offered_at = now(),
                updated_at = now() WHERE id = $1`,
        [fan.id, hold.id],
      );
      return hold;
    });
    if (outcome.ok) return outcome.value;
    const refusal = grantRefusal(outcome.error);
    if (refusal === 'LIMIT_REACHED') {
      await rows(
        manager,
        `UPDATE waitlist_entries SET status = 'passed', updated_at = now() WHERE id = $1`,
        [fan.id],
      );
      return null;
    }
    if (refusal) return 'sold_out';
    throw outcome.error;
  }

  private async afterCommit(granted: GrantedHold[], notes: string[]): Promise<void> {
    for (const hold of granted) {
      try {
        await this.holds.afterCommit({ kind: 'granted', hold });
      } catch (error) {
        this.logger.warn({ err: error, holdId: hold.id }, 'granted hold not mirrored');
      }
    }
    if (notes.length === 0) return;
    try {
      await this.dispatcher.dispatch(notes);
    } catch (error) {
      this.logger.warn({ err: error }, 'notifications not dispatched; their sweep will send them');
    }
  }
}
