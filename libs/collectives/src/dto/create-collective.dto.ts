import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { SLUG_PATTERN } from '../collective.entity';

const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export class CreateCollectiveDto {
  @ApiProperty({ example: 'Night Shift Records', minLength: 1, maxLength: 120 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({
    example: 'night-shift',
    description: 'Lower-case letters and digits in words joined by single hyphens; used in URLs.',
    pattern: SLUG_PATTERN.source,
    minLength: 2,
    maxLength: 64,
  })
  @IsString()
  @Length(2, 64)
  @Matches(SLUG_PATTERN, {
    message: 'slug must be lower-case letters and digits, words joined by single hyphens',
  })
  slug: string;

  @ApiProperty({ example: 'ana@example.com', description: 'An existing, active account.' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail({}, { message: 'ownerEmail must be an email address' })
  @MaxLength(254)
  ownerEmail: string;
}
