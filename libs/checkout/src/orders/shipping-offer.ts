// The shipping an order offered at checkout and what the paid session says was chosen: the
// address must be in the chosen option's zone and the amounts must be the ones offered.
import type { CheckoutSessionView, CreateCheckoutSession } from '@limited-run/payments';
import type { Order, ShippingAddress, ShippingOffer } from './order.entity';

/** The session parameters for an order's offer (none when the drop ships nothing). */
export function shippingRequest(
  offer: ShippingOffer | null,
): Pick<CreateCheckoutSession, 'shipping' | 'automaticTax'> {
  if (!offer) return {};
  return {
    shipping: {
      allowedCountries: offer.allowedCountries,
      options: offer.options.map((o) => ({
        key: o.key,
        displayName: o.displayName,
        amountMinor: o.amountMinor,
      })),
    },
    ...(offer.automaticTax ? { automaticTax: true } : {}),
  };
}

/**
 * Stripe answers with a `shr_…` id per option, in the order they were sent: stored with the offer
 * so the webhook can tell which one the fan chose. Null when there is nothing to add.
 */
export function offerWithRateIds(
  offer: ShippingOffer | null,
  session: CheckoutSessionView,
): string | null {
  if (!offer || session.shippingOptions.length !== offer.options.length) return null;
  return JSON.stringify({
    ...offer,
    options: offer.options.map((option, i) => ({
      ...option,
      rateId: session.shippingOptions[i].rateId,
    })),
  });
}

/** What a paid session says about shipping, checked against the order's offer. */
/** The order's columns a paid session fills in. */
export type ShippingFields = Partial<
  Pick<
    Order,
    | 'shippingAddress'
    | 'shippingCountry'
    | 'shippingZoneName'
    | 'shippingRateName'
    | 'shippingMinor'
    | 'taxMinor'
  >
> & { totalMinor: number };

export type ShippingOutcome = { ok: true; fields: ShippingFields } | { ok: false; reason: string };

/**
 * Accepts the paid session's shipping only if it fits the offer: an address in an allowed
 * country, the option chosen offered (matched by Stripe's rate id), the zone of that option covering the country, the shipping
 * amount the one offered, and no tax unless Stripe Tax was asked for.
 */
export function checkShipping(order: Order, session: CheckoutSessionView): ShippingOutcome {
  const stored = order.shippingOffer;
  if (!stored) return { ok: true, fields: { totalMinor: order.amountMinor } };
  // The API may have died between Stripe's answer and storing its rate ids: the session lists
  // its options in the order they were sent, so they are matched by position.
  const ids = offerWithRateIds(stored, session);
  const offer: ShippingOffer =
    stored.options.every((o) => o.rateId === null) && ids
      ? (JSON.parse(ids) as ShippingOffer)
      : stored;
  const details = session.shippingDetails;
  const country = details?.address.country?.toUpperCase() ?? null;
  if (!details || !country) return { ok: false, reason: 'no shipping address was collected' };
  if (!offer.allowedCountries.includes(country)) {
    return { ok: false, reason: `the address is in ${country}, which the drop does not ship to` };
  }
  const cost = session.shippingCost;
  if (!cost) return { ok: false, reason: 'no shipping option was chosen' };
  const chosen = offer.options.find((o) => o.rateId !== null && o.rateId === cost.rateId);
  if (!chosen) return { ok: false, reason: 'the chosen shipping option was not offered' };
  if (!chosen.countries.includes(country)) {
    return {
      ok: false,
      reason: `${chosen.displayName} does not ship to ${country}`,
    };
  }
  if (cost.amountSubtotalMinor !== chosen.amountMinor) {
    return { ok: false, reason: 'the shipping amount is not the one offered' };
  }
  const tax = session.totalDetails?.taxMinor ?? 0;
  if (!offer.automaticTax && tax !== 0) {
    return { ok: false, reason: 'tax was charged without Stripe Tax' };
  }
  const address: ShippingAddress = {
    name: details.name,
    line1: details.address.line1,
    line2: details.address.line2,
    city: details.address.city,
    postalCode: details.address.postalCode,
    state: details.address.state,
    country,
  };
  return {
    ok: true,
    fields: {
      shippingAddress: address,
      shippingCountry: country,
      shippingZoneName: chosen.zoneName,
      shippingRateName: chosen.rateName,
      shippingMinor: chosen.amountMinor,
      taxMinor: tax,
      totalMinor: order.amountMinor + chosen.amountMinor + tax,
    },
  };
}
