import { AnomalyReporter } from '@limited-run/anomalies';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { EntityManager } from 'typeorm';

/** What a payment claimed against what its order says; ids and amounts only, no personal data. */
export interface PaymentMismatch {
  orderId: string;
  sessionId: string;
  paymentIntentId: string | null;
  /**
   * What differs: the amount, the currency, the session (not the order's own), or the shipping
   * (an address or option the order did not offer; `reason` says which).
   */
  field: 'amount' | 'currency' | 'session' | 'shipping';
  reason?: string;
  expected: { amountMinor: number; currency: string };
  received: { amountMinor: number | null; currency: string | null };
}

/** Compares a paid session with its order; undefined when amount and currency both match. */
export function findPaymentMismatch(
  order: { id: string; amountMinor: number; currency: string },
  session: {
    id: string;
    paymentIntentId: string | null;
    amountTotalMinor: number | null;
    currency: string | null;
  },
): PaymentMismatch | undefined {
  const received = { amountMinor: session.amountTotalMinor, currency: session.currency };
  const sameCurrency = (session.currency ?? '').toUpperCase() === order.currency;
  const sameAmount = session.amountTotalMinor === order.amountMinor;
  if (sameCurrency && sameAmount) return undefined;
  return {
    orderId: order.id,
    sessionId: session.id,
    paymentIntentId: session.paymentIntentId,
    field: sameCurrency ? 'amount' : 'currency',
    expected: { amountMinor: order.amountMinor, currency: order.currency },
    received,
  };
}

/** A paid session whose shipping the order did not offer. */
export function shippingMismatch(
  order: { id: string; amountMinor: number; currency: string },
  session: {
    id: string;
    paymentIntentId: string | null;
    amountTotalMinor: number | null;
    currency: string | null;
  },
  reason: string,
): PaymentMismatch {
  return {
    orderId: order.id,
    sessionId: session.id,
    paymentIntentId: session.paymentIntentId,
    field: 'shipping',
    reason,
    expected: { amountMinor: order.amountMinor, currency: order.currency },
    received: { amountMinor: session.amountTotalMinor, currency: session.currency },
  };
}

/**
 * The one place a payment that does not match its order is raised as an anomaly for people to
 * see. Runs inside the transaction that refuses the payment, so whatever it records commits with
 * the refusal: an error-level log line and a `payment_mismatch` anomaly, raised once per
 * order and session (a redelivered event only counts another sighting), alerted after commit.
 */
@Injectable()
export class PaymentMismatchReporter {
  constructor(
    private readonly anomalies: AnomalyReporter,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(PaymentMismatchReporter.name);
  }

  async reportPaymentMismatch(manager: EntityManager, mismatch: PaymentMismatch): Promise<void> {
    this.logger.error(
      { anomaly: 'payment_mismatch', ...mismatch },
      'a payment does not match its order: refunding it, the order is not paid',
    );
    const [order] = await manager.query<Array<{ collective_id: string; drop_id: string }>>(
      `SELECT collective_id, drop_id FROM orders WHERE id = $1`,
      [mismatch.orderId],
    );
    await this.anomalies.raise(
      {
        kind: 'payment_mismatch',
        key: `order:${mismatch.orderId}:session:${mismatch.sessionId}`,
        subjectType: 'order',
        subjectId: mismatch.orderId,
        collectiveId: order?.collective_id ?? null,
        dropId: order?.drop_id ?? null,
        summary:
          `A payment did not match order ${mismatch.orderId} (${mismatch.field}): ` +
          'refunded, the order is not paid',
        details: { ...mismatch },
      },
      manager,
    );
  }
}
