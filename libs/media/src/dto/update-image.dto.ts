import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class UpdateImageDto {
  @ApiProperty({ example: 'The hoodie from the back, print across the shoulders', maxLength: 300 })
  @IsString()
  @MaxLength(300)
  alt: string;
}
