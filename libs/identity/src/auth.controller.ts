import { ErrorBody, PlatformConfig, RateLimit, parseCorsOrigins } from '@limited-run/platform';
import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Public, SignedIn } from './auth/auth.decorators';
import type { Principal } from './auth/principal';
import {
  clearRefreshCookie,
  refreshTokenFromCookie,
  setRefreshCookie,
  SESSION_TRANSPORT_HEADER,
  wantsCookieTransport,
} from './auth/refresh-cookie';
import { ChangePasswordDto, LoginDto, RefreshDto } from './dto/login.dto';
import { PasswordResetConfirmDto, PasswordResetRequestDto } from './dto/password-reset.dto';
import { SignUpDto } from './dto/sign-up.dto';
import { type IssuedTokens, TokenPairResponse } from './dto/token-pair.response';
import { IdentityService } from './identity.service';
import { RefreshTokenMissingError } from './identity.errors';
import { PasswordResetService } from './password-reset/password-reset.service';
import { SessionsService } from './sessions/sessions.service';

const invalidBody = {
  type: ErrorBody,
  description: 'VALIDATION_FAILED, with one detail per field.',
};
const tooMany = { type: ErrorBody, description: 'RATE_LIMITED, with a Retry-After header.' };
const cookieTransport = {
  name: SESSION_TRANSPORT_HEADER,
  required: false,
  description:
    '`cookie` (browsers): the refresh token is set as the HttpOnly, Secure, SameSite=Strict ' +
    '`lr_refresh` cookie scoped to /auth/refresh, and left out of the body.',
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly identity: IdentityService,
    private readonly sessions: SessionsService,
    private readonly passwordReset: PasswordResetService,
    private readonly config: PlatformConfig,
  ) {}

  /** Every new pair also goes out as the refresh cookie, so a browser never has to hold it. */
  private answer(request: FastifyRequest, reply: FastifyReply, issued: IssuedTokens) {
    setRefreshCookie(reply, issued);
    return TokenPairResponse.from(issued, wantsCookieTransport(request));
  }

  @Post('signup')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a fan account and sign it in (a session, as login gives).' })
  @ApiHeader(cookieTransport)
  @ApiCreatedResponse({
    type: TokenPairResponse,
    description: 'The fan account was created and is signed in.',
  })
  @ApiBadRequestResponse(invalidBody)
  @ApiConflictResponse({ type: ErrorBody, description: 'EMAIL_TAKEN' })
  @ApiTooManyRequestsResponse(tooMany)
  async signUp(
    @Body() body: SignUpDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse> {
    const user = await this.identity.signUp(body);
    return this.answer(request, reply, await this.sessions.start(user));
  }

  @Post('login')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password: an access and a refresh token.' })
  @ApiHeader(cookieTransport)
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiBadRequestResponse(invalidBody)
  @ApiUnauthorizedResponse({
    type: ErrorBody,
    description: 'INVALID_CREDENTIALS: the same answer for an unknown email and a wrong password.',
  })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'ACCOUNT_SUSPENDED' })
  @ApiTooManyRequestsResponse(tooMany)
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse> {
    return this.answer(request, reply, await this.sessions.login(body));
  }

  @Post('refresh')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token (body, or the browser cookie) for a new pair.',
    description:
      'The only route that reads a cookie. A cookie-borne refresh needs the ' +
      '`X-Session-Transport: cookie` header and, when the browser sends an Origin, this ' +
      "site's own origin or one of CORS_ORIGINS: a cross-site page cannot drive it.",
  })
  @ApiHeader(cookieTransport)
  @ApiOkResponse({
    type: TokenPairResponse,
    description: 'A new pair; the refresh token sent is used up.',
  })
  @ApiBadRequestResponse(invalidBody)
  @ApiUnauthorizedResponse({
    type: ErrorBody,
    description:
      'REFRESH_TOKEN_MISSING, REFRESH_TOKEN_INVALID, SESSION_REVOKED, or REFRESH_TOKEN_REUSED (a used token came back: the session is ended).',
  })
  @ApiForbiddenResponse({
    type: ErrorBody,
    description: 'ACCOUNT_SUSPENDED, REFRESH_COOKIE_REFUSED',
  })
  @ApiTooManyRequestsResponse(tooMany)
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse> {
    const token =
      body.refreshToken ??
      refreshTokenFromCookie(request, parseCorsOrigins(this.config.get('CORS_ORIGINS')));
    if (!token) throw new RefreshTokenMissingError();
    try {
      return this.answer(request, reply, await this.sessions.refresh(token));
    } catch (error) {
      // A dead token in the cookie would only be sent again: drop it.
      clearRefreshCookie(reply);
      throw error;
    }
  }

  @Post('logout')
  @SignedIn()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session (its access and refresh tokens, and the cookie).' })
  @ApiNoContentResponse({
    description: 'The session ended: its access and refresh tokens stop working.',
  })
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.logout(principal);
    clearRefreshCookie(reply);
  }

  @Post('password')
  @SignedIn()
  @RateLimit('auth')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Change your password: other sessions end, this one gets a new pair.' })
  @ApiHeader(cookieTransport)
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
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse> {
    return this.answer(request, reply, await this.sessions.changePassword(principal, body));
  }

  @Post('password-reset')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Mail a single-use password-reset link (the same answer for unknown emails).',
    description:
      'The link opens `/reset-password?token=…` of the browser app, works once, expires in an ' +
      'hour, and replaces any earlier unused link of the account.',
  })
  @ApiAcceptedResponse({ description: 'If the account exists, a link is on its way.' })
  @ApiBadRequestResponse(invalidBody)
  @ApiTooManyRequestsResponse(tooMany)
  async requestPasswordReset(@Body() body: PasswordResetRequestDto): Promise<void> {
    await this.passwordReset.request(body);
  }

  @Post('password-reset/confirm')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with a mailed reset token; every session ends.' })
  @ApiNoContentResponse({ description: 'Password set; sign in with it.' })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description:
      'VALIDATION_FAILED, PASSWORD_RESET_TOKEN_INVALID, PASSWORD_RESET_TOKEN_USED (used, or ' +
      'replaced by a newer link) or PASSWORD_RESET_TOKEN_EXPIRED.',
  })
  @ApiTooManyRequestsResponse(tooMany)
  async confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<void> {
    await this.passwordReset.confirm(body);
  }
}
