import { WaitlistService } from '@limited-run/admission';
import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { RaffleService } from './raffle.service';

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

/**
 * A fan's raffle entries and waitlists across drops, for the account page. One controller for
 * both (its operation ids are the generated client's), here because raffles sit above
 * admission: the entries come from `RaffleService`, the waitlists from admission's
 * `WaitlistService`.
 */
@ApiTags('me')
@Controller('me')
@SignedIn()
export class MyEntriesController {
  constructor(
    private readonly raffles: RaffleService,
    private readonly waitlistService: WaitlistService,
  ) {}

  @Get('raffle-entries')
  @ApiOperation({
    summary: 'Your raffle entries and their results, newest first (the latest 100).',
  })
  @ApiOkResponse({ type: MyRaffleEntryListResponse })
  async raffleEntries(
    @CurrentPrincipal() principal: Principal,
  ): Promise<MyRaffleEntryListResponse> {
    const rows = await this.raffles.mine(principal.userId);
    return { entries: rows.map((row) => ({ ...row, enteredAt: iso(row.enteredAt) })) };
  }

  @Get('waitlists')
  @ApiOperation({ summary: 'The waitlists you are on (or were), newest first (the latest 100).' })
  @ApiOkResponse({ type: MyWaitlistListResponse })
  async waitlists(@CurrentPrincipal() principal: Principal): Promise<MyWaitlistListResponse> {
    const rows = await this.waitlistService.mine(principal.userId);
    return { waitlists: rows.map((row) => ({ ...row, joinedAt: iso(row.joinedAt) })) };
  }
}
