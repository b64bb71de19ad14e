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
