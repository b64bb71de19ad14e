import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'ana@example.com' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The `token` query parameter of the mailed link.' })
  @IsString()
  @Length(20, 128)
  token: string;

  /** The sign-up rule, so a reset can never set a password sign-up would refuse. */
  @ApiProperty({ example: 'another horse, another staple', minLength: 10, maxLength: 128 })
  @IsString()
  @Length(10, 128, { message: 'password must be 10 to 128 characters long' })
  password: string;
}
