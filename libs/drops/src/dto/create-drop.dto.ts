import { IsCanonicalUuid, NestedEach } from '@limited-run/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  HOLD_SECONDS_MAX,
  HOLD_SECONDS_MIN,
  RELEASE_MODES,
  type ReleaseMode,
} from '../drop.entity';

/** An instant with its offset (`Z` or `+02:00`): a local time without one would be ambiguous. */
export const INSTANT_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = (field: string): string =>
  `${field} must be an ISO 8601 instant with a time zone, e.g. 2026-12-05T18:00:00Z`;

export const SLUG_MESSAGE = 'slug must be lower-case words joined by single hyphens';

export class DropLineInput {
  @ApiProperty({ format: 'uuid', description: 'A variant of this collective.' })
  @IsCanonicalUuid()
  variantId: string;

  @ApiProperty({ example: 40, minimum: 1, description: "Units of the variant's edition." })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity: number;
}

export class CreateDropDto {
  @ApiProperty({ example: 'Winter capsule' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'winter-capsule', description: 'Unique within the collective.' })
  @IsString()
  @Length(1, 100)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: SLUG_MESSAGE })
  slug: string;

  @ApiPropertyOptional({ example: 'Hoodies and a clear-red pressing, 150 of each.' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ enum: RELEASE_MODES, default: 'first_come' })
  @IsOptional()
  @IsIn(RELEASE_MODES)
  releaseMode?: ReleaseMode;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-12-05T18:00:00Z',
    description: 'When the drop goes live.',
  })
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE('startsAt') })
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('startsAt') })
  startsAt: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-12-06T18:00:00Z',
    nullable: true,
    description: 'Omit or null: open until sold out or cancelled.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE('endsAt') })
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('endsAt') })
  endsAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-12-05T17:00:00Z',
    nullable: true,
    description: '`waitlist_first` only (and required there): early access, before startsAt.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE('earlyAccessStartsAt') })
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('earlyAccessStartsAt') })
  earlyAccessStartsAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-12-05T12:00:00Z',
    nullable: true,
    description: '`raffle` only (and required there): entries close, at or before startsAt.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: INSTANT_MESSAGE('entryClosesAt') })
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('entryClosesAt') })
  entryClosesAt?: string | null;

  @ApiPropertyOptional({
    example: 600,
    minimum: HOLD_SECONDS_MIN,
    maximum: HOLD_SECONDS_MAX,
    default: 600,
    description: 'How long a fan may hold a unit before paying.',
  })
  @IsOptional()
  @IsInt()
  @Min(HOLD_SECONDS_MIN)
  @Max(HOLD_SECONDS_MAX)
  holdSeconds?: number;

  @ApiPropertyOptional({ example: 2, minimum: 1, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  perCustomerLimit?: number;

  @ApiPropertyOptional({
    type: [DropLineInput],
    description: "Lines to start with; each takes its units from the variant's edition at once.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @NestedEach(() => DropLineInput)
  lines?: DropLineInput[];
}
