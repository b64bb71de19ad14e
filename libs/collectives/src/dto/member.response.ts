import { ApiProperty } from '@nestjs/swagger';
import { COLLECTIVE_ROLES, type CollectiveRoleName } from '../membership.entity';

export interface MemberView {
  userId: string;
  email: string;
  displayName: string;
  role: CollectiveRoleName;
  joinedAt: Date;
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid', example: '5f0c6a2e-1b2c-4d3e-8f9a-0b1c2d3e4f5a' })
  userId: string;

  @ApiProperty({ example: 'ana@example.com' })
  email: string;

  @ApiProperty({ example: 'Ana' })
  displayName: string;

  @ApiProperty({ enum: COLLECTIVE_ROLES, example: 'staff' })
  role: CollectiveRoleName;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  joinedAt: string;

  static from(member: MemberView): MemberResponse {
    return {
      userId: member.userId,
      email: member.email,
      displayName: member.displayName,
      role: member.role,
      joinedAt: member.joinedAt.toISOString(),
    };
  }
}
