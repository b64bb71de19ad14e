// Stripe's JSON (API responses and event snapshots) read into the port's own shapes. Event
// payloads are stored as received and read again when processed, so these take plain objects.
import type {
  ChargeView,
  CheckoutPaymentStatus,
  CheckoutSessionStatus,
  CheckoutSessionView,
  DisputeView,
  PaymentEvent,
  RefundStatus,
  RefundView,
  ShippingCostView,
  ShippingDetailsView,
} from '../payments.port';

type Json = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** An expandable reference: an id, or the expanded object carrying one. */
const ref = (value: unknown): string | null =>
  str(value) ?? (value && typeof value === 'object' ? str((value as Json).id) : null);

const stringRecord = (value: unknown): Record<string, string> =>
  value && typeof value === 'object'
    ? Object.fromEntries(
        Object.entries(value as Json).filter(
          (e): e is [string, string] => typeof e[1] === 'string',
        ),
      )
    : {};

const SESSION_STATUSES: readonly CheckoutSessionStatus[] = ['open', 'complete', 'expired'];
const PAYMENT_STATUSES: readonly CheckoutPaymentStatus[] = [
  'paid',
  'unpaid',
  'no_payment_required',
];
const REFUND_STATUSES: readonly RefundStatus[] = [
  'pending',
  'requires_action',
  'succeeded',
  'failed',
  'canceled',
];

function oneOf<T extends string>(allowed: readonly T[], value: unknown, what: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`Stripe object without ${what}`);
  return value;
}

export function checkoutSessionFrom(object: Json): CheckoutSessionView {
  return {
    id: required(str(object.id), 'id'),
    url: str(object.url),
    status: oneOf(SESSION_STATUSES, object.status, 'session status'),
    paymentStatus: oneOf(PAYMENT_STATUSES, object.payment_status, 'payment status'),
    paymentIntentId: ref(object.payment_intent),
    amountTotalMinor: num(object.amount_total),
    currency: str(object.currency),
    expiresAt: new Date(required(num(object.expires_at), 'expires_at') * 1000),
    clientReferenceId: str(object.client_reference_id),
    metadata: stringRecord(object.metadata),
    amountSubtotalMinor: num(object.amount_subtotal),
    shippingOptions: shippingOptionsFrom(object.shipping_options),
    shippingDetails: shippingDetailsFrom(object),
    shippingCost: shippingCostFrom(object.shipping_cost),
    totalDetails: totalDetailsFrom(object.total_details),
  };
}

const obj = (value: unknown): Json | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;

function shippingOptionsFrom(value: unknown): { rateId: string; amountMinor: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const option = obj(entry);
    const rateId = option ? ref(option.shipping_rate) : null;
    const amount = option ? num(option.shipping_amount) : null;
    return rateId !== null && amount !== null ? [{ rateId, amountMinor: amount }] : [];
  });
}

/**
 * API versions from 2025-03-31.basil keep the address under `collected_information`; older
 * snapshots had `shipping_details` at the top. Either is read.
 */
function shippingDetailsFrom(session: Json): ShippingDetailsView | null {
  const details =
    obj(obj(session.collected_information)?.shipping_details) ?? obj(session.shipping_details);
  const address = obj(details?.address);
  if (!details || !address) return null;
  return {
    name: str(details.name),
    address: {
      line1: str(address.line1),
      line2: str(address.line2),
      city: str(address.city),
      postalCode: str(address.postal_code),
      state: str(address.state),
      country: str(address.country),
    },
  };
}

function shippingCostFrom(value: unknown): ShippingCostView | null {
  const cost = obj(value);
  if (!cost) return null;
  return {
    rateId: ref(cost.shipping_rate),
    amountSubtotalMinor: num(cost.amount_subtotal) ?? 0,
    amountTaxMinor: num(cost.amount_tax) ?? 0,
    amountTotalMinor: num(cost.amount_total) ?? 0,
  };
}

function totalDetailsFrom(
  value: unknown,
): { shippingMinor: number; taxMinor: number; discountMinor: number } | null {
  const totals = obj(value);
  if (!totals) return null;
  return {
    shippingMinor: num(totals.amount_shipping) ?? 0,
    taxMinor: num(totals.amount_tax) ?? 0,
    discountMinor: num(totals.amount_discount) ?? 0,
  };
}

export function refundFrom(object: Json): RefundView {
  return {
    id: required(str(object.id), 'id'),
    status: oneOf(REFUND_STATUSES, object.status, 'refund status'),
    amountMinor: required(num(object.amount), 'amount'),
    currency: required(str(object.currency), 'currency'),
    paymentIntentId: ref(object.payment_intent),
  };
}

export function chargeFrom(object: Json): ChargeView {
  return {
    id: required(str(object.id), 'id'),
    paymentIntentId: ref(object.payment_intent),
    amountMinor: required(num(object.amount), 'amount'),
    amountRefundedMinor: num(object.amount_refunded) ?? 0,
    refunded: object.refunded === true,
  };
}

export function disputeFrom(object: Json): DisputeView {
  return {
    id: required(str(object.id), 'id'),
    chargeId: ref(object.charge),
    paymentIntentId: ref(object.payment_intent),
    amountMinor: required(num(object.amount), 'amount'),
    reason: str(object.reason) ?? 'unknown',
    status: str(object.status) ?? 'unknown',
  };
}

const SESSION_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;
type SessionEventType = (typeof SESSION_EVENTS)[number];

const isSessionEvent = (type: string): type is SessionEventType =>
  (SESSION_EVENTS as readonly string[]).includes(type);

/** An event payload (`{id, type, created, data: {object}}`) in the port's shape. */
export function paymentEventFrom(payload: Json): PaymentEvent {
  const id = required(str(payload.id), 'id');
  const type = required(str(payload.type), 'type');
  const createdAt = new Date((num(payload.created) ?? 0) * 1000);
  const data = payload.data && typeof payload.data === 'object' ? (payload.data as Json) : {};
  const object = data.object && typeof data.object === 'object' ? (data.object as Json) : {};
  const base = { id, createdAt };
  if (isSessionEvent(type)) {
    return { ...base, kind: 'checkout_session', type, session: checkoutSessionFrom(object) };
  }
  switch (type) {
    case 'charge.refunded':
      return { ...base, type, kind: 'charge_refunded', charge: chargeFrom(object) };
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
      return { ...base, type, kind: 'refund', refund: refundFrom(object) };
    case 'charge.dispute.created':
      return { ...base, type, kind: 'dispute', dispute: disputeFrom(object) };
    default:
      return { ...base, type, kind: 'ignored' };
  }
}
