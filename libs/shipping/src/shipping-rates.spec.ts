import {
  countriesOf,
  optionsFor,
  priceOf,
  type ShippingZone,
  zoneOf,
  zoneProblems,
} from './shipping-rates';

const standard = { name: 'Standard', flatMinor: 500, perUnitMinor: 100, freeAboveMinor: 10_000 };
const zones: ShippingZone[] = [
  { name: 'Europe', countries: ['PT', 'DE'], rates: [standard] },
  {
    name: 'US',
    countries: ['US'],
    rates: [{ name: 'Air', flatMinor: 2000, perUnitMinor: 0, freeAboveMinor: null }],
  },
];

describe('shipping rates', () => {
  it('prices flat + per unit, and nothing from the free-above amount on', () => {
    expect(priceOf(standard, 3000, 3)).toBe(800);
    expect(priceOf(standard, 9_999, 3)).toBe(800);
    expect(priceOf(standard, 10_000, 3)).toBe(0);
    expect(priceOf(zones[1].rates[0], 1_000_000, 9)).toBe(2000);
  });

  it('finds the zone of a country in any case, and lists every country once, sorted', () => {
    expect(zoneOf(zones, 'de')?.name).toBe('Europe');
    expect(zoneOf(zones, 'GB')).toBeUndefined();
    expect(countriesOf(zones)).toEqual(['DE', 'PT', 'US']);
  });

  it('offers one option per rate, named for its zone, keyed by position', () => {
    expect(optionsFor(zones, 6000, 2)).toEqual([
      {
        key: '0:0',
        zoneName: 'Europe',
        rateName: 'Standard',
        displayName: 'Standard (Europe)',
        countries: ['PT', 'DE'],
        amountMinor: 700,
      },
      {
        key: '1:0',
        zoneName: 'US',
        rateName: 'Air',
        displayName: 'Air (US)',
        countries: ['US'],
        amountMinor: 2000,
      },
    ]);
  });

  it('refuses a country in two zones and more than five rates in all', () => {
    expect(zoneProblems(zones)).toEqual([]);
    const overlap = [...zones, { name: 'Again', countries: ['US'], rates: [standard] }];
    expect(zoneProblems(overlap)).toEqual([
      {
        field: 'zones.2.countries.0',
        message: 'US is already in the zone "US": a country belongs to one zone',
      },
    ]);
    const many = [
      { name: 'All', countries: ['FR'], rates: Array.from({ length: 6 }, () => standard) },
    ];
    expect(zoneProblems(many)).toHaveLength(1);
    expect(zoneProblems(many)[0].field).toBe('zones');
  });
});
