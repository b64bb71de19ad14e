import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class SetDropLineDto {
  @ApiProperty({
    example: 40,
    minimum: 1,
    description:
      'Units of the variant in this drop; the difference is taken from (or given back to) the edition.',
  })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity: number;
}
