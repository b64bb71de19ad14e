import { CurrentActor, SignedIn, type Actor } from '@limited-run/identity';
import { ErrorBody } from '@limited-run/platform';
import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { AcceptInviteDto } from './dto/accept-invite.dto';
import { MembershipResponse } from './dto/membership.response';
import { InvitesService } from './invites.service';

@ApiTags('collectives')
@Controller('invites')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post('accept')
  @ApiOperation({ summary: 'Accept a collective invite with its token, as the invited account.' })
  @HttpCode(HttpStatus.CREATED)
  @SignedIn()
  @ApiCreatedResponse({ type: MembershipResponse, description: 'The new membership.' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({
    type: ErrorBody,
    description: 'INVITE_NOT_FOUND: unknown, expired, revoked or already used',
  })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'INVITE_EMAIL_MISMATCH' })
  @ApiConflictResponse({ type: ErrorBody, description: 'ALREADY_MEMBER' })
  async accept(
    @CurrentActor() actor: Actor,
    @Body() body: AcceptInviteDto,
  ): Promise<MembershipResponse> {
    return MembershipResponse.from(await this.invites.accept(actor, body.token));
  }
}
