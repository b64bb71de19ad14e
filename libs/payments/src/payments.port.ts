/**
 * What the platform needs from a payment provider, in its own words. The Stripe adapter is the
 * production implementation; tests drive that same adapter against the local stand-in.
 */

export type CheckoutSessionStatus = 'open' | 'complete' | 'expired';
export type CheckoutPaymentStatus = 'paid' | 'unpaid' | 'no_payment_required';

export interface CheckoutLine {
  /** Shown on the payment page. */
  name: string;
  /** Integer minor units of `currency`. */
  unitAmountMinor: number;
  quantity: number;
}

/** One shipping option offered on the payment page (a rate of a zone, priced for the order). */
export interface CheckoutShippingOption {
  /** Ours, stable for the order; sent in the option's metadata. */
  key: string;
  displayName: string;
  /** Integer minor units of the session's currency. */
  amountMinor: number;
}

/** The address the payment page collects and the options it offers, for every address alike. */
export interface CheckoutShipping {
  /** ISO 3166-1 alpha-2: the page accepts an address in these countries only. */
  allowedCountries: string[];
  /** At most five (Stripe's limit). */
  options: CheckoutShippingOption[];
}

export interface CreateCheckoutSession {
  /** ISO 4217, any case. */
  currency: string;
  lines: CheckoutLine[];
  /** Must be 30 min–24 h after the provider receives the request (Stripe's rule). */
  expiresAt: Date;
  customerEmail?: string;
  /** Our reference for the session (the order id); echoed in events. */
  clientReferenceId: string;
  /** Copied to the session and its payment, so every event can be traced back. */
  metadata: Record<string, string>;
  successUrl: string;
  cancelUrl: string;
  /** Physical goods: collect a shipping address and offer these options. */
  shipping?: CheckoutShipping;
  /** Stripe Tax computes and adds tax (`automatic_tax.enabled`). */
  automaticTax?: boolean;
}

export interface ShippingAddressView {
  line1: string | null;
  line2: string | null;
  city: string | null;
  postalCode: string | null;
  state: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
}

/** What the customer entered on the payment page (`collected_information.shipping_details`). */
export interface ShippingDetailsView {
  name: string | null;
  address: ShippingAddressView;
}

/** The option the customer chose (`shipping_cost`). */
export interface ShippingCostView {
  /** The provider's shipping rate id; matches one of `shippingOptions`. */
  rateId: string | null;
  amountSubtotalMinor: number;
  amountTaxMinor: number;
  amountTotalMinor: number;
}

export interface CheckoutSessionView {
  id: string;
  /** The hosted payment page; null once the session is no longer open. */
  url: string | null;
  status: CheckoutSessionStatus;
  paymentStatus: CheckoutPaymentStatus;
  paymentIntentId: string | null;
  amountTotalMinor: number | null;
  currency: string | null;
  expiresAt: Date;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  /** The goods before shipping, discounts and tax. */
  amountSubtotalMinor: number | null;
  /** The options offered, in the order they were sent, with the provider's rate ids. */
  shippingOptions: { rateId: string; amountMinor: number }[];
  shippingDetails: ShippingDetailsView | null;
  shippingCost: ShippingCostView | null;
  /** `total_details`: what shipping, tax and discounts add up to across the session. */
  totalDetails: { shippingMinor: number; taxMinor: number; discountMinor: number } | null;
}

/** What became of a request to end a session. */
export interface ExpireOutcome {
  /** True when this call ended it; false when it had already completed or expired. */
  expiredNow: boolean;
  session: CheckoutSessionView;
}

export type RefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

export interface CreateRefund {
  paymentIntentId: string;
  /** Omit for a full refund. */
  amountMinor?: number;
  reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  metadata: Record<string, string>;
}

export interface RefundView {
  id: string;
  status: RefundStatus;
  amountMinor: number;
  currency: string;
  paymentIntentId: string | null;
}

/** A webhook whose signature verified: stored as received, interpreted when processed. */
export interface VerifiedWebhook {
  eventId: string;
  type: string;
  payload: Record<string, unknown>;
}

export interface ChargeView {
  id: string;
  paymentIntentId: string | null;
  amountMinor: number;
  amountRefundedMinor: number;
  /** True once the whole amount is refunded. */
  refunded: boolean;
}

export interface DisputeView {
  id: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  amountMinor: number;
  reason: string;
  status: string;
}

interface EventBase {
  id: string;
  type: string;
  createdAt: Date;
}

/** The events we act on, each with the snapshot of its resource in our own shape. */
export type PaymentEvent =
  | (EventBase & {
      kind: 'checkout_session';
      type:
        | 'checkout.session.completed'
        | 'checkout.session.async_payment_succeeded'
        | 'checkout.session.async_payment_failed'
        | 'checkout.session.expired';
      session: CheckoutSessionView;
    })
  | (EventBase & { kind: 'charge_refunded'; charge: ChargeView })
  | (EventBase & { kind: 'refund'; refund: RefundView })
  | (EventBase & { kind: 'dispute'; dispute: DisputeView })
  /** Anything else: acknowledged and recorded, nothing to do. */
  | (EventBase & { kind: 'ignored' });

export abstract class PaymentsPort {
  /**
   * Creates a hosted checkout. `idempotencyKey` is derived from our data (the hold), so a retry by
   * anyone gets the same session back as long as every parameter is identical.
   */
  abstract createCheckoutSession(
    input: CreateCheckoutSession,
    idempotencyKey: string,
  ): Promise<CheckoutSessionView>;

  abstract retrieveCheckoutSession(sessionId: string): Promise<CheckoutSessionView>;

  /** Ends an open session; a session that completed or expired already is reported, not refused. */
  abstract expireCheckoutSession(sessionId: string): Promise<ExpireOutcome>;

  abstract refund(input: CreateRefund, idempotencyKey: string): Promise<RefundView>;

  /**
   * Verifies the signature over the exact bytes received and returns the event; throws
   * `WebhookSignatureInvalidError` for anything that does not verify.
   */
  abstract verifyWebhook(rawBody: Buffer, signature: string | undefined): VerifiedWebhook;

  /** Reads a stored, verified event payload into our own shape. */
  abstract readEvent(payload: Record<string, unknown>): PaymentEvent;
}
