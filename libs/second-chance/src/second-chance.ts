import { lockDrop, type WaitingFan, WaitlistOffers } from '@limited-run/admission';
import { type DropTerms, type LineStock, lineStock, readDropTerms } from '@limited-run/drops';
import { attemptGrant, grantRefusal, type Hold, HoldGrants } from '@limited-run/inventory';
import { NotificationsService } from '@limited-run/notifications';
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
 * so this sits above the inventory library and grants them through `HoldGrants`.
 */
@Injectable()
export class SecondChance {
  private readonly offerSeconds: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: HoldGrants,
    private readonly waitlist: WaitlistOffers,
    private readonly notifications: NotificationsService,
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

  /**
   * Notes a sellout, or offers the units that are free again; returns the offers made. The
   * offers' holds and mails reach Redis and the mail queue once the transaction commits.
   */
  async run(dropId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await lockDrop(manager, 'waitlist', dropId);
      const drop = await readDropTerms(manager, dropId);
      if (!drop || drop.state !== 'live' || drop.releaseMode === 'raffle') return 0;
      const lines = await lineStock(manager, dropId);
      if (!(await this.waitlist.soldOutWhileWaiting(manager, dropId))) {
        if (lines.some((line) => line.available > 0)) return 0;
        await this.waitlist.markSoldOut(manager, dropId);
        this.logger.info({ dropId }, 'sold out with fans waiting: second chance begins');
        return 0;
      }
      let offered = 0;
      for (const line of lines) {
        offered += await this.offerLine(manager, drop, line);
      }
      return offered;
    });
  }

  /** The line's free units to the fans waiting for it, in joining order; the offers made. */
  private async offerLine(
    manager: EntityManager,
    drop: DropTerms,
    line: LineStock,
  ): Promise<number> {
    let offered = 0;
    for (let left = line.available; left > 0;) {
      const next = await this.waitlist.nextFans(manager, drop.id, line.variantId, left);
      if (next.length === 0) break;
      for (const fan of next) {
        const hold = await this.offer(manager, drop.id, line.variantId, fan);
        if (hold === 'sold_out') return offered;
        if (!hold) continue;
        left--;
        offered++;
        await this.notifications.record(manager, {
          recipientUserId: fan.user_id,
          recipientEmail: fan.email,
          template: 'second-chance-offer',
          payload: { dropId: drop.id, dropName: drop.name, claimBy: hold.expiresAt.toISOString() },
        });
      }
    }
    return offered;
  }

  /** The hold, null when this fan is passed over (at their limit), 'sold_out' when none is left. */
  private async offer(
    manager: EntityManager,
    dropId: string,
    variantId: string,
    fan: WaitingFan,
  ): Promise<Hold | null | 'sold_out'> {
    const outcome = await attemptGrant(manager, async (savepoint) => {
      const hold = await this.grants.grant(savepoint, {
        dropId,
        variantId,
        userId: fan.user_id,
        quantity: 1,
        holdSeconds: this.offerSeconds,
        key: `waitlist:${fan.id}`,
        reason: 'waitlist second chance',
      });
      await this.waitlist.markOffered(savepoint, fan.id, hold.id);
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
}
