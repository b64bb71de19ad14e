// The state the stand-in keeps, shaped like Stripe's objects, and the transitions Stripe makes
// on them (a customer paying, a session expiring, a refund). Every transition records the event
// Stripe would send. No HTTP here: `stripe-stand-in.ts` serves it. Checkout sessions are kept
// here; the money they move is in `stand-in-payments.ts`, the events in `event-log.ts`, and this
// class stays the one door to all three that tests and the chaos runner know.
import { EventLog, type StoreListener } from './event-log';
import type { FormParams } from './form-params';
import {
  invalid,
  list,
  priceLineItems,
  record,
  SESSION_MAX_SECONDS,
  SESSION_MIN_SECONDS,
  sessionExpiry,
  str,
} from './param-checks';
import {
  copy,
  type Json,
  missing,
  nowSeconds,
  StripeStandInError,
  stripeId,
} from './stand-in-basics';
import { StandInPayments } from './stand-in-payments';
import {
  applyCustomerShipping,
  type CustomerShipping,
  shippingFieldsOnCreate,
} from './stand-in-shipping';

export type { StoreListener };
export { type Json, SESSION_MAX_SECONDS, SESSION_MIN_SECONDS, StripeStandInError, stripeId };

interface SessionExtras {
  paymentIntentMetadata: Record<string, string>;
  /** The shipping rates created from `shipping_options[].shipping_rate_data`. */
  shippingRates: Json[];
}

/** Stripe's objects for the endpoints Limited Run calls, and the events they produce. */
export class StandInStore {
  readonly sessions = new Map<string, Json>();
  private readonly eventLog = new EventLog();
  private readonly payments = new StandInPayments(this.eventLog);
  readonly paymentIntents = this.payments.paymentIntents;
  readonly charges = this.payments.charges;
  readonly refunds = this.payments.refunds;
  readonly disputes = this.payments.disputes;
  readonly events = this.eventLog.events;
  private readonly extras = new Map<string, SessionExtras>();

  constructor(private readonly checkoutPageUrl: (sessionId: string) => string) {}

  onEvent(listener: StoreListener): void {
    this.eventLog.onEvent(listener);
  }

  // --- the API -----------------------------------------------------------------------------

  createSession(params: FormParams): Json {
    if (str(params.mode, 'mode') !== 'payment') {
      invalid('The stand-in supports only `mode=payment`.', 'mode', 'parameter_invalid_string');
    }
    const { currency, total } = priceLineItems(params);
    const created = nowSeconds();
    const expiresAt = sessionExpiry(params, created);
    const shipping = shippingFieldsOnCreate(params, currency, total);
    const id = stripeId('cs');
    const pid =
      typeof params.payment_intent_data === 'object' && !Array.isArray(params.payment_intent_data)
        ? params.payment_intent_data
        : {};
    const session: Json = {
      id,
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: total,
      amount_total: total,
      currency,
      client_reference_id: str(params.client_reference_id, 'client_reference_id', false) ?? null,
      customer_email: str(params.customer_email, 'customer_email', false) ?? null,
      created,
      expires_at: expiresAt,
      livemode: false,
      metadata: record(params.metadata, 'metadata'),
      payment_intent: null,
      allowed_payment_method_types: list(params.allowed_payment_method_types),
      success_url: str(params.success_url, 'success_url', false) ?? null,
      cancel_url: str(params.cancel_url, 'cancel_url', false) ?? null,
      url: this.checkoutPageUrl(id),
      ...shipping.fields,
    };
    this.sessions.set(id, session);
    this.extras.set(id, {
      paymentIntentMetadata: record(pid.metadata, 'payment_intent_data[metadata]'),
      shippingRates: shipping.rates,
    });
    return copy(session);
  }

  /** The shipping rates a session offers (`shr_…`, in the order they were sent). */
  shippingRatesOf(sessionId: string): Json[] {
    return copy(this.extras.get(sessionId)?.shippingRates ?? []);
  }

  retrieveSession(id: string): Json {
    this.expireDue();
    return copy(this.session(id));
  }

  /** `POST /v1/checkout/sessions/:id/expire`: only an open session can be expired. */
  expireSession(id: string): Json {
    this.expireDue();
    const session = this.session(id);
    if (session.status !== 'open') {
      throw new StripeStandInError(
        400,
        'invalid_request_error',
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(session.status)}".`,
        'checkout_session_not_open',
      );
    }
    this.endSession(session);
    return copy(session);
  }

  retrievePaymentIntent(id: string): Json {
    return this.payments.retrievePaymentIntent(id);
  }

  retrieveRefund(id: string): Json {
    return this.payments.retrieveRefund(id);
  }

  retrieveEvent(id: string): Json {
    return this.eventLog.retrieve(id);
  }

  listEvents(limit: number, type?: string): Json {
    return this.eventLog.list(limit, type);
  }

  /** `POST /v1/refunds`: a full refund unless `amount` says otherwise. */
  createRefund(params: FormParams, outcome: 'succeeded' | 'pending' = 'succeeded'): Json {
    return this.payments.createRefund(params, outcome);
  }

  // --- the customer and Stripe's own moves (control API) ------------------------------------

  /**
   * The customer pays with a card: the session completes, paid. A session that ships goods needs
   * the address (in an allowed country) and the chosen option, as Stripe's page does.
   */
  pay(sessionId: string, customer?: CustomerShipping): Json[] {
    const session = this.openSession(sessionId);
    this.fillShipping(session, customer);
    const intent = this.createIntent(session, 'succeeded');
    this.payments.charge(intent);
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: intent.id,
      url: null,
    });
    return [this.eventLog.emit('checkout.session.completed', session)];
  }

  /** The customer pays with a delayed method: the session completes, still unpaid. */
  payLate(sessionId: string, customer?: CustomerShipping): Json[] {
    const session = this.openSession(sessionId);
    this.fillShipping(session, customer);
    const intent = this.createIntent(session, 'processing');
    Object.assign(session, {
      status: 'complete',
      payment_status: 'unpaid',
      payment_intent: intent.id,
      url: null,
    });
    return [this.eventLog.emit('checkout.session.completed', session)];
  }

  /** A delayed payment settles (or fails) days later. */
  settle(sessionId: string, succeeded: boolean): Json[] {
    const session = this.session(sessionId);
    const intent = this.paymentIntents.get(String(session.payment_intent));
    if (session.status !== 'complete' || session.payment_status !== 'unpaid' || !intent) {
      throw new StripeStandInError(
        400,
        'invalid_request_error',
        `Session ${sessionId} has no delayed payment waiting to settle.`,
      );
    }
    if (!succeeded) {
      intent.status = 'requires_payment_method';
      return [this.eventLog.emit('checkout.session.async_payment_failed', session)];
    }
    intent.status = 'succeeded';
    this.payments.charge(intent);
    session.payment_status = 'paid';
    return [this.eventLog.emit('checkout.session.async_payment_succeeded', session)];
  }

  /** The customer walks away and Stripe lets the session expire. */
  abandon(sessionId: string): Json[] {
    const session = this.openSession(sessionId);
    return [this.endSession(session)];
  }

  /** The card holder disputes the payment of a session. */
  dispute(sessionId: string): Json[] {
    return this.payments.dispute(String(this.session(sessionId).payment_intent));
  }

  /** A refund that was accepted fails afterwards (closed card account, for instance). */
  failRefund(refundId: string): Json[] {
    return this.payments.failRefund(refundId);
  }

  /**
   * Any event, made up: for tests of events Stripe would never send in this order. The object
   * is a snapshot of `sessionId`'s session with `overrides` applied.
   */
  fabricateSessionEvent(type: string, sessionId: string, overrides: Json = {}): Json {
    return this.eventLog.emit(type, { ...this.session(sessionId), ...overrides });
  }

  /** Sessions past their `expires_at` expire, as Stripe expires them. */
  expireDue(): Json[] {
    const now = nowSeconds();
    const due = [...this.sessions.values()].filter(
      (s) => s.status === 'open' && (s.expires_at as number) <= now,
    );
    return due.map((session) => this.endSession(session));
  }

  // --- internals -----------------------------------------------------------------------------

  private session(id: string): Json {
    return this.sessions.get(id) ?? missing('checkout.session', id);
  }

  private openSession(id: string): Json {
    this.expireDue();
    const session = this.session(id);
    if (session.status !== 'open') {
      throw new StripeStandInError(
        400,
        'invalid_request_error',
        `This Checkout Session is ${String(session.status)}; it can no longer be paid.`,
        'checkout_session_not_open',
      );
    }
    return session;
  }

  private fillShipping(session: Json, customer: CustomerShipping | undefined): void {
    const rates = this.extras.get(session.id as string)?.shippingRates ?? [];
    applyCustomerShipping(session, rates, customer);
  }

  private endSession(session: Json): Json {
    Object.assign(session, { status: 'expired', url: null });
    return this.eventLog.emit('checkout.session.expired', session);
  }

  private createIntent(session: Json, status: string): Json {
    const metadata = this.extras.get(session.id as string)?.paymentIntentMetadata ?? {};
    return this.payments.createIntent(session, status, metadata);
  }
}
