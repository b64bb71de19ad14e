import { ApiProperty } from '@nestjs/swagger';
import type { User, UserRole } from '../user.entity';

/** What a user may see of an account: never the password hash. */
export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ana@example.com' })
  email: string;

  @ApiProperty({ example: 'Ana' })
  displayName: string;

  @ApiProperty({ enum: ['fan', 'admin'] })
  role: UserRole;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  createdAt: string;

  static from(user: User): UserResponse {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
