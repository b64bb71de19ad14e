// The pricing rules of shipping, free of any storage: which zone a country falls in and what a
// rate costs for an order. Used by the public drop quote and by checkout, so both agree.

/** One way of sending a parcel within a zone; every amount in integer minor units. */
export interface ShippingRate {
  /** Shown to the fan (Stripe's `display_name`). */
  name: string;
  /** Charged once per order. */
  flatMinor: number;
  /** Charged per unit ordered, on top of the flat amount. */
  perUnitMinor: number;
  /** Goods worth at least this ship free; null: never free. */
  freeAboveMinor: number | null;
}

/** Countries (ISO 3166-1 alpha-2, upper case) priced alike. */
export interface ShippingZone {
  name: string;
  countries: string[];
  rates: ShippingRate[];
}

/**
 * Stripe Checkout offers at most five `shipping_options` per session, for every address at once;
 * a profile offers each of its rates, so it has at most five in all.
 */
export const MAX_RATES_PER_PROFILE = 5;

/** What one rate costs for an order of `quantity` units worth `goodsMinor`. */
export function priceOf(rate: ShippingRate, goodsMinor: number, quantity: number): number {
  if (rate.freeAboveMinor !== null && goodsMinor >= rate.freeAboveMinor) return 0;
  return rate.flatMinor + rate.perUnitMinor * quantity;
}

export function zoneOf(zones: readonly ShippingZone[], country: string): ShippingZone | undefined {
  const code = country.toUpperCase();
  return zones.find((zone) => zone.countries.includes(code));
}

/** Every country a profile ships to, sorted. */
export function countriesOf(zones: readonly ShippingZone[]): string[] {
  return [...new Set(zones.flatMap((zone) => zone.countries))].sort();
}

/**
 * One checkout option: a rate of a zone, priced for this order. `key` is stable for a profile
 * (`zone index:rate index`) and travels to Stripe in the option's metadata.
 */
export interface ShippingOption {
  key: string;
  zoneName: string;
  rateName: string;
  /** What the fan sees: the rate and the zone it is for. */
  displayName: string;
  countries: string[];
  amountMinor: number;
}

export function optionsFor(
  zones: readonly ShippingZone[],
  goodsMinor: number,
  quantity: number,
): ShippingOption[] {
  return zones.flatMap((zone, z) =>
    zone.rates.map((rate, r) => ({
      key: `${z}:${r}`,
      zoneName: zone.name,
      rateName: rate.name,
      displayName: `${rate.name} (${zone.name})`,
      countries: [...zone.countries],
      amountMinor: priceOf(rate, goodsMinor, quantity),
    })),
  );
}

/** Problems with a profile's zones, as `{field, message}`; empty when it is sound. */
export function zoneProblems(zones: readonly ShippingZone[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const seen = new Map<string, number>();
  zones.forEach((zone, z) => {
    zone.countries.forEach((country, c) => {
      const other = seen.get(country);
      if (other !== undefined && other !== z) {
        problems.push({
          field: `zones.${z}.countries.${c}`,
          message: `${country} is already in the zone "${zones[other].name}": a country belongs to one zone`,
        });
      }
      seen.set(country, z);
    });
  });
  const rates = zones.reduce((sum, zone) => sum + zone.rates.length, 0);
  if (rates > MAX_RATES_PER_PROFILE) {
    problems.push({
      field: 'zones',
      message: `a profile has at most ${MAX_RATES_PER_PROFILE} rates in all (Stripe offers at most five shipping options); it has ${rates}`,
    });
  }
  return problems;
}
