import { ErrorBody, RateLimit } from '@limited-run/platform';
import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators';
import {
  SESSION_TRANSPORT_HEADER,
  setRefreshCookie,
  wantsCookieTransport,
} from '../auth/refresh-cookie';
import { SetupAdminDto } from '../dto/setup-admin.dto';
import { TokenPairResponse } from '../dto/token-pair.response';
import { SessionsService } from '../sessions/sessions.service';
import { FirstAdminSetupService } from './first-admin-setup.service';

@ApiTags('setup')
@Controller('setup')
export class SetupController {
  constructor(
    private readonly setup: FirstAdminSetupService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('admin')
  @Public()
  @RateLimit('auth')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Create the first platform admin with the one-time setup token, and sign it in.',
    description:
      'Only on a fresh install: the token is printed in the `npm start` banner (and in the ' +
      "API's log at boot) while no admin exists. It works once; afterwards every call is refused.",
  })
  @ApiHeader({
    name: SESSION_TRANSPORT_HEADER,
    required: false,
    description: '`cookie` (browsers): the refresh token goes only in the HttpOnly cookie.',
  })
  @ApiCreatedResponse({ type: TokenPairResponse, description: 'The admin exists, signed in.' })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description:
      'VALIDATION_FAILED, or SETUP_TOKEN_INVALID (unknown, used or expired); nothing written.',
  })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'SETUP_ALREADY_DONE (an admin exists), or EMAIL_TAKEN; nothing written.',
  })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'RATE_LIMITED' })
  async createFirstAdmin(
    @Body() body: SetupAdminDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse> {
    const user = await this.setup.createFirstAdmin(body, String(request.id));
    const issued = await this.sessions.start(user);
    setRefreshCookie(reply, issued);
    return TokenPairResponse.from(issued, wantsCookieTransport(request));
  }
}
