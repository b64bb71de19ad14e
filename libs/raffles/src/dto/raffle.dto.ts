import { IsCanonicalUuid } from '@limited-run/platform';
import { ApiProperty } from '@nestjs/swagger';

import { RAFFLE_ENTRY_STATUSES, type RaffleEntryStatus } from '../raffle-entry.entity';
import type { RaffleEntryView, RaffleOddsView, VariantOdds } from '../raffle.service';

export class EnterRaffleDto {
  @ApiProperty({ format: 'uuid', description: 'The variant (e.g. the size) to win.' })
  @IsCanonicalUuid()
  variantId: string;
}

export class VariantOddsResponse implements VariantOdds {
  @ApiProperty({ format: 'uuid' })
  variantId: string;

  @ApiProperty({
    example: 1,
    description: 'Units drawn for this variant (free units before the draw).',
  })
  units: number;

  @ApiProperty({ example: 2, description: 'Entries that chose this variant.' })
  entries: number;

  @ApiProperty({ example: 0.5, description: 'units ÷ entries for this variant, at most 1.' })
  odds: number;
}

export class RaffleOddsResponse {
  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ example: 4210, description: 'Entries so far (not withdrawn).' })
  entries: number;

  @ApiProperty({ example: 150, description: 'Units the raffle gives away.' })
  units: number;

  @ApiProperty({
    example: 0.0356,
    description: 'The share of entries that win: Σ min(units, entries) per variant ÷ entries.',
  })
  odds: number;

  @ApiProperty({
    type: [VariantOddsResponse],
    description: 'Odds per variant: what an entry competes for.',
  })
  variants: VariantOddsResponse[];

  @ApiProperty({ example: '2026-12-01T17:00:00.000Z' })
  entryClosesAt: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  drawnAt: string | null;

  static from(view: RaffleOddsView): RaffleOddsResponse {
    return Object.assign(new RaffleOddsResponse(), {
      dropId: view.dropId,
      entries: view.entries,
      units: view.units,
      odds: view.odds,
      variants: view.variants,
      entryClosesAt: view.entryClosesAt,
      drawnAt: view.drawnAt,
    });
  }
}

export class RaffleEntryResponse extends RaffleOddsResponse {
  @ApiProperty({ format: 'uuid', description: 'Public: your line in the published entry list.' })
  entryId: string;

  @ApiProperty({ format: 'uuid' })
  variantId: string;

  @ApiProperty({ enum: RAFFLE_ENTRY_STATUSES, example: 'entered' })
  status: RaffleEntryStatus;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: null,
    description: 'Place in the drawn order.',
  })
  rank: number | null;

  @ApiProperty({ example: '2026-11-30T10:00:00.000Z' })
  enteredAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  holdId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Pay for the held unit before this.' })
  holdExpiresAt: string | null;

  static override from(view: RaffleEntryView): RaffleEntryResponse {
    return Object.assign(new RaffleEntryResponse(), view);
  }
}
