import { MAX_OFFSET } from '@limited-run/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import type { User, UserRole, UserStatus } from '../user.entity';

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: UserStatus;

  @ApiPropertyOptional({ enum: ['fan', 'admin'] })
  @IsOptional()
  @IsIn(['fan', 'admin'])
  role?: UserRole;

  @ApiPropertyOptional({
    description: 'Part of an email address, case-insensitive.',
    example: 'ana@',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  @Length(1, 254)
  email?: string;

  @ApiPropertyOptional({ type: Number, default: 50, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;

  @ApiPropertyOptional({ type: Number, default: 0, minimum: 0, maximum: MAX_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset: number = 0;
}

export class SuspendUserDto {
  @ApiProperty({ example: 'Chargeback fraud on three drops', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  @MaxLength(500)
  reason: string;
}

/** An account as an admin sees it. */
export class AdminUserResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ana@example.com' })
  email: string;

  @ApiProperty({ example: 'Ana' })
  displayName: string;

  @ApiProperty({ enum: ['fan', 'admin'] })
  role: UserRole;

  @ApiProperty({ enum: ['active', 'suspended'] })
  status: UserStatus;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  createdAt: string;

  static from(user: User): AdminUserResponse {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      status: user.status,
      createdAt: user.createdAt.toISOString(),
    };
  }
}

export class AdminUserPage {
  @ApiProperty({ type: [AdminUserResponse] })
  items: AdminUserResponse[];

  @ApiProperty({ example: 120 })
  total: number;

  @ApiProperty({ example: 50 })
  limit: number;

  @ApiProperty({ example: 0 })
  offset: number;
}
