import { canonicalUuid } from '@limited-run/platform';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, Matches } from 'class-validator';

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class ReorderImagesDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: "Each of the item's image ids once, first image first.",
  })
  @IsArray()
  @ArrayMaxSize(50)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((v: unknown) => canonicalUuid(v) ?? v) : value,
  )
  @Matches(CANONICAL, { each: true, message: 'imageIds must be UUIDs' })
  imageIds: string[];
}
