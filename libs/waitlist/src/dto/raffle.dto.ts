import { IsCanonicalUuid } from '@limited-run/platform';
import { ApiProperty } from '@nestjs/swagger';

import { RAFFLE_ENTRY_STATUSES, type RaffleEntryStatus } from '../raffle/raffle-entry.entity';
import type { RaffleEntryView, RaffleOddsView } from '../raffle/raffle.service';

export class EnterRaffleDto {
  @ApiProperty({ format: 'uuid', description: 'The variant (e.g. the size) to win.' })
  @IsCanonicalUuid()
  variantId: string;
}

export class RaffleOddsResponse {
  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ example: 4210, description: 'Entries so far (not withdrawn).' })
  entries: number;

  @ApiProperty({ example: 150, description: 'Units the raffle gives away.' })
  units: number;

  @ApiProperty({ example: 0.0356, description: 'units ÷ entries, at most 1.' })
  odds: number;

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
