import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { INSTANT_PATTERN } from './create-drop.dto';

const MESSAGE = 'endsAt must be an ISO 8601 instant with a time zone, e.g. 2026-12-07T18:00:00Z';

export class ExtendDropDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-12-07T18:00:00Z',
    description: 'Later than the current endsAt.',
  })
  @IsISO8601({ strict: true }, { message: MESSAGE })
  @Matches(INSTANT_PATTERN, { message: MESSAGE })
  endsAt: string;
}
