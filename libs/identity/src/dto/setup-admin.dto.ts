import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { SignUpDto } from './sign-up.dto';

/** The first admin's account, with the same rules as any account, and the printed token. */
export class SetupAdminDto extends SignUpDto {
  @ApiProperty({
    description: 'The one-time setup token from the `npm start` banner or the API log at boot.',
  })
  @IsString()
  @Length(1, 200)
  token: string;
}
