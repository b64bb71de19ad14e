import { ErrorBody } from '@limited-run/platform';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SignUpDto } from './dto/sign-up.dto';
import { UserResponse } from './dto/user.response';
import { IdentityService } from './identity.service';

@ApiTags('auth')
@Controller('auth')
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  @Post('signup')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: UserResponse, description: 'The fan account was created.' })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description: 'VALIDATION_FAILED, with one detail per field.',
  })
  @ApiConflictResponse({ type: ErrorBody, description: 'EMAIL_TAKEN' })
  async signUp(@Body() body: SignUpDto): Promise<UserResponse> {
    return UserResponse.from(await this.identity.signUp(body));
  }
}
