import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export class MyRaffleEntryResponse {
  @ApiProperty({ format: 'uuid' })
  entryId: string;

  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ example: 'Afterhours release night' })
  dropName: string;

  @ApiProperty({ format: 'uuid' })
  variantId: string;

  @ApiProperty({ example: 'Afterhours LP — Black, 180 g' })
  wanted: string;

  @ApiProperty({ example: 'entered', description: 'As on GET /drops/:drop/raffle/me.' })
  status: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 12,
    description: 'Place in the drawn order.',
  })
  rank: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The hold to pay for a win.',
  })
  holdId: string | null;

  @ApiProperty({ example: '2026-12-01T17:00:00.000Z' })
  enteredAt: string;
}

export class MyRaffleEntryListResponse {
  @ApiProperty({ type: [MyRaffleEntryResponse] })
  entries: MyRaffleEntryResponse[];
}

export class MyWaitlistResponse {
  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ example: 'Afterhours release night' })
  dropName: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Afterhours LP — Black, 180 g' })
  wanted: string | null;

  @ApiProperty({ enum: ['waiting', 'offered', 'passed', 'left'] })
  status: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'A unit held for you after a sellout.',
  })
  offerHoldId: string | null;

  @ApiProperty({ example: '2026-12-01T17:00:00.000Z' })
  joinedAt: string;
}

export class MyWaitlistListResponse {
  @ApiProperty({ type: [MyWaitlistResponse] })
  waitlists: MyWaitlistResponse[];
}

const iso = (date: Date): string => new Date(date).toISOString();

/** A fan's raffle entries and waitlists across drops, for the account page. */
@ApiTags('me')
@Controller('me')
@SignedIn()
export class MyEntriesController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('raffle-entries')
  @ApiOperation({
    summary: 'Your raffle entries and their results, newest first (the latest 100).',
  })
  @ApiOkResponse({ type: MyRaffleEntryListResponse })
  async raffleEntries(
    @CurrentPrincipal() principal: Principal,
  ): Promise<MyRaffleEntryListResponse> {
    const rows = await this.dataSource.query<
      Array<Omit<MyRaffleEntryResponse, 'enteredAt'> & { enteredAt: Date }>
    >(
      `SELECT e.id AS "entryId", e.drop_id AS "dropId", d.name AS "dropName", e.variant_id AS "variantId",
              i.title || ' — ' || v.label AS wanted, e.status, e.rank, e.hold_id AS "holdId",
              e.created_at AS "enteredAt"
         FROM raffle_entries e
         JOIN drops d ON d.id = e.drop_id
         JOIN variants v ON v.id = e.variant_id
         JOIN items i ON i.id = v.item_id
        WHERE e.user_id = $1
        ORDER BY e.created_at DESC, e.id
        LIMIT 100`,
      [principal.userId],
    );
    return { entries: rows.map((row) => ({ ...row, enteredAt: iso(row.enteredAt) })) };
  }

  @Get('waitlists')
  @ApiOperation({ summary: 'The waitlists you are on (or were), newest first (the latest 100).' })
  @ApiOkResponse({ type: MyWaitlistListResponse })
  async waitlists(@CurrentPrincipal() principal: Principal): Promise<MyWaitlistListResponse> {
    const rows = await this.dataSource.query<
      Array<Omit<MyWaitlistResponse, 'joinedAt'> & { joinedAt: Date }>
    >(
      `SELECT w.drop_id AS "dropId", d.name AS "dropName",
              CASE WHEN v.id IS NULL THEN NULL ELSE i.title || ' — ' || v.label END AS wanted,
              w.status, w.offer_hold_id AS "offerHoldId", w.created_at AS "joinedAt"
         FROM waitlist_entries w
         JOIN drops d ON d.id = w.drop_id
         LEFT JOIN variants v ON v.id = w.variant_id
         LEFT JOIN items i ON i.id = v.item_id
        WHERE w.user_id = $1
        ORDER BY w.created_at DESC, w.id
        LIMIT 100`,
      [principal.userId],
    );
    return { waitlists: rows.map((row) => ({ ...row, joinedAt: iso(row.joinedAt) })) };
  }
}
