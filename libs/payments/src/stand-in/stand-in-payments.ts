// The money side of the stand-in: payment intents, the charges that pay them, and the refunds
// and disputes against those charges. Each change records the event Stripe would send.
import type { EventLog } from './event-log';
import type { FormParams } from './form-params';
import { int, invalid, record, str } from './param-checks';
import {
  copy,
  type Json,
  missing,
  nowSeconds,
  StripeStandInError,
  stripeId,
} from './stand-in-basics';

export class StandInPayments {
  readonly paymentIntents = new Map<string, Json>();
  readonly charges = new Map<string, Json>();
  readonly refunds = new Map<string, Json>();
  readonly disputes = new Map<string, Json>();

  constructor(private readonly eventLog: EventLog) {}

  retrievePaymentIntent(id: string): Json {
    return copy(this.paymentIntents.get(id) ?? missing('payment_intent', id));
  }

  retrieveRefund(id: string): Json {
    return copy(this.refunds.get(id) ?? missing('refund', id));
  }

  /** The intent that pays for `session`, carrying the `metadata` the session asked for it. */
  createIntent(session: Json, status: string, metadata: Record<string, string>): Json {
    const intent: Json = {
      id: stripeId('pi'),
      object: 'payment_intent',
      amount: session.amount_total,
      currency: session.currency,
      status,
      latest_charge: null,
      metadata,
      created: nowSeconds(),
    };
    this.paymentIntents.set(intent.id as string, intent);
    return intent;
  }

  charge(intent: Json): Json {
    const charge: Json = {
      id: stripeId('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_refunded: 0,
      currency: intent.currency,
      payment_intent: intent.id,
      paid: true,
      refunded: false,
      disputed: false,
      status: 'succeeded',
      created: nowSeconds(),
    };
    this.charges.set(charge.id as string, charge);
    intent.latest_charge = charge.id;
    return charge;
  }

  /** `POST /v1/refunds`: a full refund unless `amount` says otherwise. */
  createRefund(params: FormParams, outcome: 'succeeded' | 'pending'): Json {
    const intentId = str(params.payment_intent, 'payment_intent', false);
    const chargeParam = str(params.charge, 'charge', false);
    const intent = intentId
      ? (this.paymentIntents.get(intentId) ?? missing('payment_intent', intentId, 'payment_intent'))
      : undefined;
    const chargeId = chargeParam ?? (intent?.latest_charge as string | null | undefined);
    if (!chargeId) {
      return invalid(
        intent
          ? `PaymentIntent ${String(intent.id)} does not have a successful charge to refund.`
          : 'Missing required param: payment_intent.',
        'payment_intent',
        intent ? 'charge_not_refundable' : 'parameter_missing',
      );
    }
    const charge = this.charges.get(chargeId) ?? missing('charge', chargeId, 'charge');
    const remaining = (charge.amount as number) - (charge.amount_refunded as number);
    const amount = int(params.amount, 'amount', 1) ?? remaining;
    if (remaining <= 0) {
      throw new StripeStandInError(
        400,
        'invalid_request_error',
        `Charge ${chargeId} has already been refunded.`,
        'charge_already_refunded',
      );
    }
    if (amount > remaining) {
      invalid(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
        'amount',
        'amount_too_large',
      );
    }
    const refund: Json = {
      id: stripeId('re'),
      object: 'refund',
      amount,
      charge: chargeId,
      payment_intent: charge.payment_intent,
      currency: charge.currency,
      status: outcome,
      reason: str(params.reason, 'reason', false) ?? null,
      metadata: record(params.metadata, 'metadata'),
      created: nowSeconds(),
    };
    this.refunds.set(refund.id as string, refund);
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.eventLog.emit('refund.created', refund);
    this.eventLog.emit('charge.refunded', charge);
    return copy(refund);
  }

  /** A refund that was accepted fails afterwards (closed card account, for instance). */
  failRefund(refundId: string): Json[] {
    const refund = this.refunds.get(refundId) ?? missing('refund', refundId);
    if (refund.status === 'failed') return [];
    const charge = this.charges.get(String(refund.charge));
    if (charge) {
      charge.amount_refunded = (charge.amount_refunded as number) - (refund.amount as number);
      charge.refunded = false;
    }
    refund.status = 'failed';
    refund.failure_reason = 'expired_or_canceled_card';
    return [
      this.eventLog.emit('refund.updated', refund),
      this.eventLog.emit('refund.failed', refund),
    ];
  }

  /** The card holder disputes the payment `intentId` took. */
  dispute(intentId: string): Json[] {
    const intent = this.paymentIntents.get(intentId);
    const chargeId = intent?.latest_charge as string | undefined;
    const charge = chargeId ? this.charges.get(chargeId) : undefined;
    if (!intent || !charge) {
      throw new StripeStandInError(400, 'invalid_request_error', 'Nothing was charged to dispute.');
    }
    const dispute: Json = {
      id: stripeId('dp'),
      object: 'dispute',
      amount: charge.amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: intent.id,
      reason: 'fraudulent',
      status: 'needs_response',
      created: nowSeconds(),
    };
    this.disputes.set(dispute.id as string, dispute);
    charge.disputed = true;
    return [this.eventLog.emit('charge.dispute.created', dispute)];
  }
}
