import { lockDrop, type WaitingFan, WaitlistOffers } from '@limited-run/admission';
import { lineStock, readDropTerms } from '@limited-run/drops';
import { attemptGrant, grantRefusal, type Hold, HoldsService } from '@limited-run/inventory';
import { NotificationsDispatcher, NotificationsService } from '@limited-run/notifications';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Second chance after a sellout. Once a live drop has had no unit left while fans waited on
 * its waitlist, units that come back (expired, released or refunded holds) are offered to the
 * waiting fans in joining order, each as a hold with its own window, before open sale resumes
 * (EarlyAccessPolicy keeps the public out meanwhile). A fan who named a variant is offered
 * only that one. The waitlist itself is admission's (`WaitlistOffers`); the offers are holds,
 * so this sits above the inventory library and grants them through `HoldsService`.
 */
@Injectable()
export class SecondChance {
  private readonly offerSeconds: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly holds: HoldsService,
    private readonly waitlist: WaitlistOffers,
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
    return this.waitlist.dropsWithFansWaiting(limit);
  }

  /** Notes a sellout, or offers the units that are free again; returns the offers made. */
  async run(dropId: string): Promise<number> {
    const granted: Hold[] = [];
    const notes: string[] = [];
    await this.dataSource.transaction(async (manager) => {
      await lockDrop(manager, 'waitlist', dropId);
      const drop = await readDropTerms(manager, dropId);
      if (!drop || drop.state !== 'live' || drop.releaseMode === 'raffle') return;
      const lines = await lineStock(manager, dropId);
      if (!(await this.waitlist.soldOutWhileWaiting(manager, dropId))) {
        if (lines.some((line) => line.available > 0)) return;
        await this.waitlist.markSoldOut(manager, dropId);
        this.logger.info({ dropId }, 'sold out with fans waiting: second chance begins');
        return;
      }
      for (const line of lines) {
        for (let left = line.available; left > 0;) {
          const next = await this.waitlist.nextFans(manager, dropId, line.variantId, left);
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

  /** The hold, null when this fan is passed over (at their limit), 'sold_out' when none is left. */
  private async offer(
    manager: EntityManager,
    dropId: string,
    variantId: string,
    fan: WaitingFan,
  ): Promise<Hold | null | 'sold_out'> {
    const outcome = await attemptGrant(manager, 'waitlist_grant', async () => {
      const hold = await this.holds.grant(manager, {
        dropId,
        variantId,
        userId: fan.user_id,
        quantity: 1,
        holdSeconds: this.offerSeconds,
        key: `waitlist:${fan.id}`,
        reason: 'waitlist second chance',
      });
      await this.waitlist.markOffered(manager, fan.id, hold.id);
      return hold;
    });
    if (outcome.ok) return outcome.value;
    const refusal = grantRefusal(outcome.error);
    if (refusal === 'LIMIT_REACHED') {
      await this.waitlist.markPassed(manager, fan.id);
      return null;
    }
    if (refusal) return 'sold_out';
    throw outcome.error;
  }

  private async afterCommit(granted: Hold[], notes: string[]): Promise<void> {
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
