import { ErrorBody, RateLimit } from '@limited-run/platform';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, Public, SignedIn } from './auth/auth.decorators';
import type { Principal } from './auth/principal';
import { ChangePasswordDto, LoginDto, RefreshDto } from './dto/login.dto';
import { SignUpDto } from './dto/sign-up.dto';
import { TokenPairResponse } from './dto/token-pair.response';
import { UserResponse } from './dto/user.response';
import { IdentityService } from './identity.service';
import { SessionsService } from './sessions/sessions.service';

const invalidBody = {
  type: ErrorBody,
  description: 'VALIDATION_FAILED, with one detail per field.',
};
const tooMany = { type: ErrorBody, description: 'RATE_LIMITED, with a Retry-After header.' };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly identity: IdentityService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('signup')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: UserResponse, description: 'The fan account was created.' })
  @ApiBadRequestResponse(invalidBody)
  @ApiConflictResponse({ type: ErrorBody, description: 'EMAIL_TAKEN' })
  @ApiTooManyRequestsResponse(tooMany)
  async signUp(@Body() body: SignUpDto): Promise<UserResponse> {
    return UserResponse.from(await this.identity.signUp(body));
  }

  @Post('login')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiBadRequestResponse(invalidBody)
  @ApiUnauthorizedResponse({
    type: ErrorBody,
    description: 'INVALID_CREDENTIALS: the same answer for an unknown email and a wrong password.',
  })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'ACCOUNT_SUSPENDED' })
  @ApiTooManyRequestsResponse(tooMany)
  async login(@Body() body: LoginDto): Promise<TokenPairResponse> {
    return TokenPairResponse.from(await this.sessions.login(body));
  }

  @Post('refresh')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: TokenPairResponse,
    description: 'A new pair; the refresh token sent is used up.',
  })
  @ApiBadRequestResponse(invalidBody)
  @ApiUnauthorizedResponse({
    type: ErrorBody,
    description:
      'REFRESH_TOKEN_INVALID, SESSION_REVOKED, or REFRESH_TOKEN_REUSED (a used token came back: the session is ended).',
  })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'ACCOUNT_SUSPENDED' })
  @ApiTooManyRequestsResponse(tooMany)
  async refresh(@Body() body: RefreshDto): Promise<TokenPairResponse> {
    return TokenPairResponse.from(await this.sessions.refresh(body.refreshToken));
  }

  @Post('logout')
  @SignedIn()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'The session ended: its access and refresh tokens stop working.',
  })
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.sessions.logout(principal);
  }

  @Post('password')
  @SignedIn()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: TokenPairResponse,
    description: 'Password changed; every other session ended; this client gets a new pair.',
  })
  @ApiBadRequestResponse(invalidBody)
  @ApiForbiddenResponse({ type: ErrorBody, description: 'CURRENT_PASSWORD_WRONG' })
  @ApiTooManyRequestsResponse(tooMany)
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
  ): Promise<TokenPairResponse> {
    return TokenPairResponse.from(await this.sessions.changePassword(principal, body));
  }
}
