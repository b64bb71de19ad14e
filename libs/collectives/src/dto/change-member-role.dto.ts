import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { COLLECTIVE_ROLES, type CollectiveRoleName } from '../membership.entity';

export class ChangeMemberRoleDto {
  @ApiProperty({ enum: COLLECTIVE_ROLES, example: 'owner' })
  @IsIn(COLLECTIVE_ROLES, { message: `role must be one of ${COLLECTIVE_ROLES.join(', ')}` })
  role: CollectiveRoleName;
}
