import { readHoldForPayment } from '@limited-run/inventory';
import {
  type ExpireOutcome,
  PaymentProviderUnavailableError,
  PaymentRequestRejectedError,
  PaymentsPort,
} from '@limited-run/payments';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { OrderPayments } from './order-payments';

/** Whether the worker may release a hold whose time is up. */
export type HoldExpiryDecision = 'release' | 'keep';

/**
 * What one pass over many due holds (the sweep) learnt of the provider: once Stripe could not
 * be asked, the pass stops asking, so a Stripe outage costs it one timeout, not one per hold.
 */
export interface ProviderReach {
  unreachable: boolean;
}

/** How long past the session's own `expires_at` a hold is released even if Stripe cannot be asked. */
const SESSION_GRACE_SECONDS = 60;

interface OrderSessionRow {
  order_status: string;
  stripe_session_id: string | null;
  session_over: boolean;
}

/**
 * "Expire the session first, then release the units" (docs/design.md, "Payments"). A fan may be
 * paying at the very moment their hold runs out; ending the Stripe session first makes that
 * race impossible to lose without a refund: if the session had already completed, the payment
 * decides and the hold is kept.
 */
@Injectable()
export class HoldExpiryGuard {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly port: PaymentsPort,
    private readonly payments: OrderPayments,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(HoldExpiryGuard.name);
  }

  /**
   * Call before `HoldEndings.expire(holdId)`; `keep` means do not expire it now. A sweep passes
   * its `reach`: marked unreachable at the first failure, it skips Stripe for the rest of the pass
   * (those holds are kept, as if Stripe had failed for each; the next pass asks again).
   */
  async beforeExpire(
    holdId: string,
    reach: ProviderReach = { unreachable: false },
  ): Promise<HoldExpiryDecision> {
    // The hold (inventory's reader, not locked), then its order if it is due: not due, not
    // active, or never taken to checkout, the hold service decides alone.
    const hold = await readHoldForPayment(this.dataSource, holdId, 'none');
    if (!hold || hold.status !== 'active' || !hold.due) return 'release';
    const [row] = await this.dataSource.query<OrderSessionRow[]>(
      `SELECT status AS order_status, stripe_session_id,
              session_expires_at < now() - make_interval(secs => $2) AS session_over
         FROM orders WHERE hold_id = $1`,
      [holdId, SESSION_GRACE_SECONDS],
    );
    if (row?.order_status !== 'awaiting_payment' || !row.stripe_session_id) return 'release';

    // Stripe cannot be asked. Keep the hold (the sweep asks again) until the session has
    // certainly expired at Stripe; a payment that still lands is then refunded.
    const unreachable = (): HoldExpiryDecision => {
      if (row.session_over) return 'release';
      this.logger.warn({ holdId }, 'cannot expire the checkout session yet; keeping the hold');
      return 'keep';
    };
    if (reach.unreachable) return unreachable();
    let outcome: ExpireOutcome;
    try {
      outcome = await this.port.expireCheckoutSession(row.stripe_session_id);
    } catch (error) {
      if (error instanceof PaymentProviderUnavailableError) {
        reach.unreachable = true;
        return unreachable();
      }
      if (error instanceof PaymentRequestRejectedError) {
        this.logger.warn({ err: error, holdId }, 'Stripe refused to expire the session');
        return 'release';
      }
      throw error;
    }
    const { session } = outcome;
    switch (session.status) {
      case 'expired':
        await this.payments.settleSession('checkout.session.expired', session);
        return 'release';
      case 'complete':
        // The fan finished paying first: the payment decides, now rather than when its event
        // arrives. A delayed method is not money yet: the hold goes, the settlement decides.
        await this.payments.settleSession('checkout.session.completed', session);
        return session.paymentStatus === 'unpaid' ? 'release' : 'keep';
      case 'open':
        return 'keep';
    }
  }
}
