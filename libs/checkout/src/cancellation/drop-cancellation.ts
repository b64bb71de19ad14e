import { WaitingRoom } from '@limited-run/admission';
import type { AuditActor } from '@limited-run/audit';
import type { CollectiveRef } from '@limited-run/collectives';
import {
  assertDropTransition,
  DropAuthoringService,
  DropSchedulingService,
  type DropView,
  readLineTotals,
} from '@limited-run/drops';
import { userContacts } from '@limited-run/identity';
import { type Hold, HoldEndings, readActiveHoldIds } from '@limited-run/inventory';
import { NotificationsService } from '@limited-run/notifications';
import {
  PaymentProviderUnavailableError,
  PaymentRequestRejectedError,
  PaymentsPort,
} from '@limited-run/payments';
import { afterCommit, rows } from '@limited-run/platform';
import { DropEntries } from '@limited-run/raffles';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, type EntityManager } from 'typeorm';
import { OrderPayments } from '../settlement/order-payments';

/** What cancelling a drop will do, shown to the owner before they confirm. */
export interface CancellationPreview {
  /** Holds released (their units go back with the rest). */
  activeHolds: number;
  /** Checkout sessions expired before anything else; a payment that still lands is refunded. */
  openCheckouts: number;
  /** Raffle entries closed (entered, in line, won, offered). */
  raffleEntries: number;
  /** Waitlist entries closed (waiting, offered). */
  waitlistEntries: number;
  /** Paid orders: they stay valid, and their units stay sold. */
  paidOrders: number;
  /** Units that go back to the variants' editions: everything not sold. */
  unitsReturnedToEditions: number;
}

/** Deadlock or serialization failure: another transaction met this one; trying again is safe. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/** The sessions of the drop's orders whose hold is still active (`$2`: inventory's ids). */
const OPEN_CHECKOUTS = `
  SELECT stripe_session_id FROM orders
   WHERE drop_id = $1 AND hold_id = ANY($2::uuid[]) AND stripe_session_id IS NOT NULL
     AND status IN ('awaiting_payment', 'awaiting_async_payment')`;

/**
 * Cancelling a drop ends everything it started (issue 11). Open Checkout Sessions are expired
 * first, as when a hold runs out, so a fan mid-payment either finished first (a paid order,
 * valid) or can no longer pay. Then one transaction, with the drop row locked: every active
 * hold released with its ledger row, raffle and waitlist entries closed, fans' mail written to
 * the outbox, the drop cancelled, and every unit neither sold nor held back to its edition
 * (none is held by then). After commit (platform's `afterCommit`): the admission gate rebuilt,
 * the waiting room shut, the mail queued, and sessions that opened meanwhile expired too. A
 * payment that still lands finds its hold released and the drop cancelled and is refunded once,
 * with a mail saying why.
 */
@Injectable()
export class DropCancellation {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly drops: DropAuthoringService,
    private readonly scheduling: DropSchedulingService,
    private readonly endings: HoldEndings,
    private readonly entries: DropEntries,
    private readonly room: WaitingRoom,
    private readonly port: PaymentsPort,
    private readonly payments: OrderPayments,
    private readonly notifications: NotificationsService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(DropCancellation.name);
  }

  async preview(collectiveId: string, dropId: string): Promise<CancellationPreview> {
    await this.drops.get(collectiveId, dropId);
    const activeHoldIds = await readActiveHoldIds(this.dataSource, dropId);
    const [orders] = await rows<Pick<CancellationPreview, 'openCheckouts' | 'paidOrders'>>(
      this.dataSource,
      `SELECT (SELECT count(*)::int FROM (${OPEN_CHECKOUTS}) AS s) AS "openCheckouts",
              (SELECT count(*)::int FROM orders WHERE drop_id = $1 AND status = 'paid') AS "paidOrders"`,
      [dropId, activeHoldIds],
    );
    const lines = await readLineTotals(this.dataSource, dropId);
    return {
      activeHolds: activeHoldIds.length,
      ...orders,
      unitsReturnedToEditions: lines.allocated - lines.sold,
      ...(await this.entries.countOpen(dropId)),
    };
  }

  async cancel(actor: AuditActor, collective: CollectiveRef, dropId: string): Promise<DropView> {
    const before = await this.drops.get(collective.id, dropId);
    // Refused before any session is touched.
    assertDropTransition(before.drop.state, 'cancelled');
    await this.expireOpenSessions(dropId);

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.scheduling.cancel(actor, collective, dropId, (manager, drop) =>
          this.endEverything(manager, actor, drop.id, drop.name),
        );
      } catch (error) {
        const code = (error as { driverError?: { code?: string } }).driverError?.code;
        if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
        this.logger.warn({ dropId, attempt, code }, 'cancel met another transaction; retrying');
      }
    }
  }

  private async endEverything(
    manager: EntityManager,
    actor: AuditActor,
    dropId: string,
    dropName: string,
  ): Promise<void> {
    // Each step below that reaches outside Postgres (the gate rebuilt, the room shut, the mail
    // queued, late sessions expired) runs once the cancel commits, in this order.
    const released = await this.endings.releaseAllOfDrop(manager, dropId, {
      actorUserId: actor.userId,
      reason: 'drop cancelled',
    });
    await afterCommit(manager, 'shut the waiting room', async () => {
      await this.room.close(dropId);
      await this.room.announce(dropId, { closed: true });
    });
    const closed = await this.entries.closeForCancelledDrop(manager, dropId);
    await this.tellFans(manager, dropId, dropName, released, closed);
    await afterCommit(manager, 'expire sessions opened meanwhile', () =>
      this.expireSessionsOf(released.map((hold) => hold.id)),
    );
  }

  /** One mail per fan, naming each thing of theirs the cancel ended. */
  private async tellFans(
    manager: EntityManager,
    dropId: string,
    dropName: string,
    released: Hold[],
    closed: { raffleUserIds: string[]; waitlistUserIds: string[] },
  ): Promise<void> {
    const roles = new Map<string, Set<string>>();
    const add = (userId: string, role: string): void => {
      roles.set(userId, (roles.get(userId) ?? new Set()).add(role));
    };
    released.forEach((hold) => add(hold.userId, 'hold'));
    closed.raffleUserIds.forEach((userId) => add(userId, 'raffle'));
    closed.waitlistUserIds.forEach((userId) => add(userId, 'waitlist'));
    if (roles.size === 0) return;
    const contacts = await userContacts(manager, [...roles.keys()]);
    // In id order, as Postgres orders uuids (their lower-case text sorts the same).
    const users = [...contacts.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const user of users) {
      await this.notifications.record(manager, {
        recipientUserId: user.id,
        recipientEmail: user.email,
        template: 'drop-cancelled',
        payload: { dropId, dropName, roles: [...(roles.get(user.id) ?? [])] },
      });
    }
  }

  private async expireOpenSessions(dropId: string): Promise<void> {
    const activeHoldIds = await readActiveHoldIds(this.dataSource, dropId);
    const open = await rows<{ stripe_session_id: string }>(this.dataSource, OPEN_CHECKOUTS, [
      dropId,
      activeHoldIds,
    ]);
    for (const { stripe_session_id } of open) await this.expireSession(stripe_session_id);
  }

  private async expireSessionsOf(holdIds: string[]): Promise<void> {
    if (holdIds.length === 0) return;
    const open = await rows<{ stripe_session_id: string }>(
      this.dataSource,
      `SELECT stripe_session_id FROM orders
        WHERE hold_id = ANY($1::uuid[]) AND stripe_session_id IS NOT NULL
          AND status = 'awaiting_payment'`,
      [holdIds],
    );
    for (const { stripe_session_id } of open) await this.expireSession(stripe_session_id);
  }

  /**
   * Ends one session at Stripe and applies what Stripe says: expired (the order expires) or
   * completed first (the payment decides: before the cancel, a valid paid order; after it, a
   * refund). If Stripe cannot be asked the cancel goes on: a payment that still lands is refunded.
   */
  private async expireSession(sessionId: string): Promise<void> {
    try {
      const { session } = await this.port.expireCheckoutSession(sessionId);
      if (session.status === 'expired') {
        await this.payments.settleSession('checkout.session.expired', session);
      } else if (session.status === 'complete') {
        await this.payments.settleSession('checkout.session.completed', session);
      }
    } catch (error) {
      if (
        error instanceof PaymentProviderUnavailableError ||
        error instanceof PaymentRequestRejectedError
      ) {
        this.logger.warn(
          { err: error, sessionId },
          'session not expired; a late payment is refunded',
        );
        return;
      }
      throw error;
    }
  }
}
