import { readVariantLabels, type VariantLabel } from '@limited-run/catalog';
import { readDropTerms } from '@limited-run/drops';
import { userContacts } from '@limited-run/identity';
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

/** What the caller has already read, in its transaction: not read again. */
export interface MailContext {
  dropName?: string;
  variant?: Pick<VariantLabel, 'label' | 'itemTitle'>;
}

/** The fan (identity), the drop's name (drops) and the variant's labels (catalog). */
async function recipientOf(
  manager: EntityManager,
  order: Order,
  known: MailContext = {},
): Promise<Recipient> {
  const fan = (await userContacts(manager, [order.userId])).get(order.userId);
  const dropName = known.dropName ?? (await readDropTerms(manager, order.dropId))?.name;
  const variant =
    known.variant ?? (await readVariantLabels(manager, [order.variantId])).get(order.variantId);
  if (!fan || dropName === undefined || !variant) {
    throw new Error(`order ${order.id}: fan, drop or variant not found`);
  }
  return {
    email: fan.email,
    display_name: fan.displayName,
    drop_name: dropName,
    item_title: variant.itemTitle,
    variant_label: variant.label,
  };
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
 * and where it ships, and the order's page (`orderUrl`), where the fan follows it. `known`: the
 * drop's name and the variant when the caller has them already (settlement read both).
 */
export async function confirmationMail(
  manager: EntityManager,
  order: Order,
  serials: IssuedSerial[],
  orderUrl: string,
  known: MailContext = {},
): Promise<NewNotification> {
  const r = await recipientOf(manager, order, known);
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
