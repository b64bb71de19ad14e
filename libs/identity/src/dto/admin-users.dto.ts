import { PageInfo, PageQuery } from '@limited-run/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { User, UserRole, UserStatus } from '../user.entity';

/** Filters and a page (`?page=2&pageSize=20`, the API's one pagination style). */
export class ListUsersQuery extends PageQuery {
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

export class AdminUserPage extends PageInfo {
  @ApiProperty({ type: [AdminUserResponse] })
  items: AdminUserResponse[];
}
