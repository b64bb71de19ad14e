import { ApiProperty } from '@nestjs/swagger';
import type { CollectiveInvite } from '../collective-invite.entity';
import { COLLECTIVE_ROLES, type CollectiveRoleName } from '../membership.entity';

/** A pending invite as owners see it; never the token. */
export class InviteResponse {
  @ApiProperty({ format: 'uuid', example: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' })
  id: string;

  @ApiProperty({ example: 'bo@example.com' })
  email: string;

  @ApiProperty({ enum: COLLECTIVE_ROLES, example: 'staff' })
  role: CollectiveRoleName;

  @ApiProperty({ example: '2026-12-03T10:00:00.000Z' })
  expiresAt: string;

  @ApiProperty({ format: 'uuid', example: '5f0c6a2e-1b2c-4d3e-8f9a-0b1c2d3e4f5a' })
  invitedByUserId: string;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  createdAt: string;

  static from(invite: CollectiveInvite): InviteResponse {
    return {
      id: invite.id,
      email: invite.email,
      role: invite.role,
      expiresAt: invite.expiresAt.toISOString(),
      invitedByUserId: invite.invitedByUserId,
      createdAt: invite.createdAt.toISOString(),
    };
  }
}

/** The invite just created, with its token: shown this once, to the owner who asked. */
export class CreatedInviteResponse {
  @ApiProperty({ format: 'uuid', example: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' })
  id: string;

  @ApiProperty({ example: 'bo@example.com' })
  email: string;

  @ApiProperty({ enum: COLLECTIVE_ROLES, example: 'staff' })
  role: CollectiveRoleName;

  @ApiProperty({ example: '2026-12-03T10:00:00.000Z' })
  expiresAt: string;

  @ApiProperty({
    example: 'q3J2mV0a8cXo9Yb1kQe7Zt4RwLs6PnHd5Ui2Fg0Aj8M',
    description:
      'Accept with POST /invites/accept. Not retrievable again; also mailed to the invitee.',
  })
  token: string;

  static from(created: { invite: CollectiveInvite; token: string }): CreatedInviteResponse {
    return {
      id: created.invite.id,
      email: created.invite.email,
      role: created.invite.role,
      expiresAt: created.invite.expiresAt.toISOString(),
      token: created.token,
    };
  }
}
