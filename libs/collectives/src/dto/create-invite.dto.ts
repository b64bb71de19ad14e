import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, MaxLength } from 'class-validator';
import { COLLECTIVE_ROLES, type CollectiveRoleName } from '../membership.entity';

export class CreateInviteDto {
  @ApiProperty({ example: 'bo@example.com' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ enum: COLLECTIVE_ROLES, example: 'staff' })
  @IsIn(COLLECTIVE_ROLES, { message: `role must be one of ${COLLECTIVE_ROLES.join(', ')}` })
  role: CollectiveRoleName;
}
