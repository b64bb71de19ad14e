import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'ana@example.com' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class RefreshDto {
  @ApiProperty({
    required: false,
    description:
      'The refresh token from the last login or refresh. Browsers leave it out: the HttpOnly ' +
      '`lr_refresh` cookie carries it (with the `X-Session-Transport: cookie` header).',
  })
  @IsOptional()
  @IsString()
  @Length(20, 128)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 128)
  currentPassword: string;

  @ApiProperty({ example: 'another horse, another staple', minLength: 10, maxLength: 128 })
  @IsString()
  @Length(10, 128, { message: 'newPassword must be 10 to 128 characters long' })
  newPassword: string;
}
