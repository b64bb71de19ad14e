import { formatMoney } from '../../lib/format';
import type { ShippingRate } from './shipping-hooks';

/** "€5.00 per order + €1.00 per unit, free from €100.00", the way a rate is priced. */
export function describeRate(rate: ShippingRate, currency: string): string {
  const parts: string[] = [];
  if (rate.flatMinor > 0 || rate.perUnitMinor === 0) {
    parts.push(`${formatMoney(rate.flatMinor, currency)} per order`);
  }
  if (rate.perUnitMinor > 0) parts.push(`${formatMoney(rate.perUnitMinor, currency)} per unit`);
  const price = parts.join(' + ');
  return rate.freeAboveMinor === null
    ? price
    : `${price}, free from ${formatMoney(rate.freeAboveMinor, currency)}`;
}
