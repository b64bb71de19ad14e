import type { NewNotification } from '@limited-run/notifications';
import type { EntityManager } from 'typeorm';
import { formatSerials } from '../serials/serial-label';
import type { IssuedSerial } from '../serials/edition-serials';
import type { Order, RefundReason, ShippingAddress } from './order.entity';

interface Recipient {
  email: string;
  display_name: string;
  drop_name: string;
  item_title: string;
  variant_label: string;
}

async function recipientOf(manager: EntityManager, order: Order): Promise<Recipient> {
  const [found] = await manager.query<Recipient[]>(
    `SELECT u.email, u.display_name, d.name AS drop_name, i.title AS item_title, v.label AS variant_label
       FROM users u, drops d, variants v JOIN items i ON i.id = v.item_id
      WHERE u.id = $1 AND d.id = $2 AND v.id = $3`,
    [order.userId, order.dropId, order.variantId],
  );
  if (!found) throw new Error(`order ${order.id}: fan, drop or variant not found`);
  return found;
}

/**
 * What every order mail says. `amountMinor` is the goods; `totalMinor` what the fan paid (goods,
 * shipping and tax), absent for an order of a drop without shipping, where the two are equal.
 */
function common(order: Order, r: Recipient): Record<string, unknown> {
  return {
    displayName: r.display_name,
    orderId: order.id,
    dropName: r.drop_name,
    itemTitle: r.item_title,
    variantLabel: r.variant_label,
    quantity: order.quantity,
    amountMinor: order.amountMinor,
    currency: order.currency,
    ...(order.totalMinor !== null && order.totalMinor !== undefined
      ? { totalMinor: order.totalMinor }
      : {}),
  };
}

/** "Mo Ribeiro, Rua Augusta 1, 1100-048 Lisboa, PT": the address the parcel goes to. */
function shipTo(address: ShippingAddress): string {
  const place = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [address.name, address.line1, address.line2, place, address.state, address.country]
    .filter(Boolean)
    .join(', ');
}

/**
 * The order confirmation: its edition numbers, what the payment covered (goods, shipping, tax)
 * and where it ships, and the order's page (`orderUrl`), where the fan follows it.
 */
export async function confirmationMail(
  manager: EntityManager,
  order: Order,
  serials: IssuedSerial[],
  orderUrl: string,
): Promise<NewNotification> {
  const r = await recipientOf(manager, order);
  const shipping =
    order.shippingAddress && order.shippingMinor !== null
      ? {
          shipTo: shipTo(order.shippingAddress),
          shippingRateName: order.shippingRateName,
          shippingMinor: order.shippingMinor,
          ...(order.taxMinor !== null ? { taxMinor: order.taxMinor } : {}),
        }
      : {};
  return {
    recipientUserId: order.userId,
    recipientEmail: r.email,
    template: 'order-confirmation',
    payload: { ...common(order, r), ...shipping, serials: formatSerials(serials), orderUrl },
  };
}

/** The refund notice, saying why. */
export async function refundMail(
  manager: EntityManager,
  order: Order,
  reason: RefundReason,
): Promise<NewNotification> {
  const r = await recipientOf(manager, order);
  return {
    recipientUserId: order.userId,
    recipientEmail: r.email,
    template: 'order-refunded',
    payload: { ...common(order, r), reason },
  };
}

/**
 * The shipping notice with the tracking link and the order's page (`orderUrl`); recorded once,
 * when the order becomes shipped.
 */
export async function shippedMail(
  manager: EntityManager,
  order: Order,
  orderUrl: string,
): Promise<NewNotification> {
  const r = await recipientOf(manager, order);
  return {
    recipientUserId: order.userId,
    recipientEmail: r.email,
    template: 'order-shipped',
    payload: {
      ...common(order, r),
      carrier: order.carrier,
      trackingNumber: order.trackingNumber,
      trackingUrl: order.trackingUrl,
      orderUrl,
    },
  };
}
