import { readVariantLabels } from '@limited-run/catalog';
import { readLinePrice } from '@limited-run/drops';
import { userContacts } from '@limited-run/identity';
import { HoldNotActiveError, HoldNotFoundError, lockHoldForCheckout } from '@limited-run/inventory';
import type { EntityManager } from 'typeorm';
import { CheckoutClosedError, HoldExpiredError } from './checkout.errors';
import type { Order } from './orders/order.entity';

/** The hold with what the order and the payment page need from its line, variant and fan. */
export interface HoldForCheckout {
  id: string;
  drop_id: string;
  variant_id: string;
  user_id: string;
  quantity: number;
  status: string;
  expires_at: Date;
  due: boolean;
  collective_id: string;
  price_minor: number | null;
  currency: string | null;
  item_title: string;
  variant_label: string;
  email: string;
  expected_ship_date: string | null;
}

/**
 * The fan's own hold, locked (inventory's reader), with what the order and the payment page
 * need from its owners: the line's price and the drop's collective (drops), the variant's
 * label and item (catalog), the fan's address (identity).
 */
export async function lockHoldForCheckoutWithTerms(
  manager: EntityManager,
  userId: string,
  dropId: string,
  holdId: string,
): Promise<HoldForCheckout> {
  const hold = await lockHoldForCheckout(manager, holdId, dropId, userId);
  const line = hold && (await readLinePrice(manager, hold.dropId, hold.variantId));
  const variant = line && (await readVariantLabels(manager, [hold.variantId])).get(hold.variantId);
  const fan = variant && (await userContacts(manager, [hold.userId])).get(hold.userId);
  // Another fan's hold is as invisible as a missing one.
  if (!hold || !line || !variant || !fan) throw new HoldNotFoundError();
  return {
    id: hold.id,
    drop_id: hold.dropId,
    variant_id: hold.variantId,
    user_id: hold.userId,
    quantity: hold.quantity,
    status: hold.status,
    expires_at: hold.expiresAt,
    due: hold.due,
    collective_id: line.collectiveId,
    price_minor: line.priceMinor,
    currency: line.currency,
    item_title: variant.itemTitle,
    variant_label: variant.label,
    email: fan.email,
    expected_ship_date: variant.itemExpectedShipDate,
  };
}

/**
 * Why a checkout of the hold cannot go on, or null when it can. A paid or cancelled order
 * answers before the hold does: the fan learns where their money went, not that the hold ended.
 */
export function checkoutRefusal(hold: HoldForCheckout, existing: Order | null): Error | null {
  if (existing && existing.status !== 'awaiting_payment') {
    return new CheckoutClosedError(existing.status);
  }
  if (hold.status !== 'active') return new HoldNotActiveError(hold.status);
  if (hold.due) return new HoldExpiredError();
  if (hold.price_minor === null || hold.currency === null) {
    // A held line of a live drop always has its price; this is a broken invariant.
    return new Error(`drop line of hold ${hold.id} has no price`);
  }
  return null;
}
