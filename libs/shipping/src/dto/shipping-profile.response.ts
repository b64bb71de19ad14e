import { ApiProperty } from '@nestjs/swagger';
import type { ShippingProfile } from '../shipping-profile.entity';
import type { ShippingOption } from '../shipping-rates';

export class ShippingRateResponse {
  @ApiProperty({ example: 'Standard' })
  name: string;

  @ApiProperty({ example: 500 })
  flatMinor: number;

  @ApiProperty({ example: 150 })
  perUnitMinor: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 10000 })
  freeAboveMinor: number | null;
}

export class ShippingZoneResponse {
  @ApiProperty({ example: 'Europe' })
  name: string;

  @ApiProperty({ example: ['DE', 'FR', 'PT'] })
  countries: string[];

  @ApiProperty({ type: [ShippingRateResponse] })
  rates: ShippingRateResponse[];
}

export class ShippingProfileResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Records from Lisbon' })
  name: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ type: [ShippingZoneResponse] })
  zones: ShippingZoneResponse[];

  @ApiProperty({ example: '2026-12-03T10:00:00.000Z' })
  updatedAt: string;

  static from(profile: ShippingProfile): ShippingProfileResponse {
    return {
      id: profile.id,
      name: profile.name,
      currency: profile.currency,
      zones: profile.zones.map((zone) => ({
        name: zone.name,
        countries: zone.countries,
        rates: zone.rates.map((rate) => ({ ...rate })),
      })),
      updatedAt: profile.updatedAt.toISOString(),
    };
  }
}

export class ShippingProfileListResponse {
  @ApiProperty({ type: [ShippingProfileResponse] })
  data: ShippingProfileResponse[];
}

/** The profile a drop ships with, as its collective sees it. */
export class DropShippingProfileResponse {
  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({
    type: ShippingProfileResponse,
    nullable: true,
    description: 'Null: the drop has no profile, so checkout asks fans for no address.',
  })
  profile: ShippingProfileResponse | null;
}

export class DropShippingRateResponse {
  @ApiProperty({ example: 'Standard' })
  name: string;

  @ApiProperty({ example: 650, description: 'For the quoted quantity and goods, minor units.' })
  amountMinor: number;
}

export class DropShippingCountryResponse {
  @ApiProperty({ example: 'DE' })
  country: string;

  @ApiProperty({ example: 'Europe' })
  zone: string;

  @ApiProperty({ type: [DropShippingRateResponse], description: 'Cheapest first.' })
  rates: DropShippingRateResponse[];
}

/** What shipping costs per country for one drop, before the fan holds. */
export class DropShippingResponse {
  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ example: 1, description: 'The quantity the amounts are for.' })
  quantity: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: 'string' })
  variantId: string | null;

  @ApiProperty({ type: [DropShippingCountryResponse], description: 'By country code.' })
  countries: DropShippingCountryResponse[];

  static from(
    dropId: string,
    currency: string,
    quantity: number,
    variantId: string | null,
    options: ShippingOption[],
  ): DropShippingResponse {
    const byCountry = new Map<string, DropShippingCountryResponse>();
    for (const option of options) {
      for (const country of option.countries) {
        const entry = byCountry.get(country) ?? { country, zone: option.zoneName, rates: [] };
        entry.rates.push({ name: option.rateName, amountMinor: option.amountMinor });
        byCountry.set(country, entry);
      }
    }
    const countries = [...byCountry.values()].sort((a, b) => a.country.localeCompare(b.country));
    for (const entry of countries) entry.rates.sort((a, b) => a.amountMinor - b.amountMinor);
    return { dropId, currency, quantity, variantId, countries };
  }
}
