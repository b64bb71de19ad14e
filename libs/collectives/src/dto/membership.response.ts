import { ApiProperty } from '@nestjs/swagger';
import type { CollectiveRef } from '../collective-access';
import { COLLECTIVE_ROLES, type CollectiveRoleName } from '../membership.entity';
import { CollectiveProfileResponse } from './collective.response';

export interface MembershipView {
  collective: CollectiveRef;
  role: CollectiveRoleName;
  joinedAt: Date;
}

/** One of the caller's memberships. */
export class MembershipResponse {
  @ApiProperty({ type: CollectiveProfileResponse })
  collective: CollectiveProfileResponse;

  @ApiProperty({ enum: COLLECTIVE_ROLES, example: 'staff' })
  role: CollectiveRoleName;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  joinedAt: string;

  static from(membership: MembershipView): MembershipResponse {
    return {
      collective: CollectiveProfileResponse.from(membership.collective),
      role: membership.role,
      joinedAt: membership.joinedAt.toISOString(),
    };
  }
}
