import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { INVITE_TOKEN_PATTERN } from '../invite-token';

export class AcceptInviteDto {
  @ApiProperty({
    example: 'q3J2mV0a8cXo9Yb1kQe7Zt4RwLs6PnHd5Ui2Fg0Aj8M',
    description: 'The token from the invite mail.',
  })
  @IsString()
  @Matches(INVITE_TOKEN_PATTERN, {
    message: 'token must be the 43-character token from the invite',
  })
  token: string;
}
