import { IsCanonicalUuid } from '@limited-run/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { WAITLIST_STATUSES, type WaitlistStatus } from '../waitlist/waitlist-entry.entity';
import type { WaitlistView } from '../waitlist/waitlist.service';

export class JoinWaitlistDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The variant (a size, a pressing) wanted if one comes back; omit for any.',
  })
  @IsOptional()
  @IsCanonicalUuid()
  variantId?: string;
}

export class WaitlistResponse {
  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ enum: WAITLIST_STATUSES, example: 'waiting' })
  status: WaitlistStatus;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 17,
    description: '1-based among fans still waiting; null once offered a unit.',
  })
  position: number | null;

  @ApiProperty({ example: 240, description: 'Fans waiting on this drop.' })
  waiting: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  variantId: string | null;

  @ApiProperty({ example: '2026-12-01T17:00:00.000Z' })
  joinedAt: string;

  @ApiProperty({
    example: true,
    description: 'waitlist_first: joined before early access began, so may hold during it.',
  })
  earlyAccess: boolean;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The hold offered after a sellout (second chance): pay for it before it expires.',
  })
  offerHoldId: string | null;

  static from(view: WaitlistView): WaitlistResponse {
    return Object.assign(new WaitlistResponse(), view);
  }
}
