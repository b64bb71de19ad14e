import { CurrentActor, type Actor } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import type { CollectiveRef } from './collective-access';
import { CollectiveRole, CurrentCollective } from './collective-role.decorators';
import { CreateInviteDto } from './dto/create-invite.dto';
import { CreatedInviteResponse, InviteResponse } from './dto/invite.response';
import { InvitesService } from './invites.service';

@ApiTags('collectives')
@Controller('collectives/:collective/invites')
export class CollectiveInvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post()
  @ApiOperation({
    summary: 'Invite someone by email; the single-use token is mailed and shown once (owners).',
  })
  @HttpCode(HttpStatus.CREATED)
  @CollectiveRole('owner')
  @ApiCreatedResponse({
    type: CreatedInviteResponse,
    description: 'The token is returned this once and mailed to the invitee.',
  })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiConflictResponse({ type: ErrorBody, description: 'ALREADY_MEMBER' })
  async create(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Body() body: CreateInviteDto,
  ): Promise<CreatedInviteResponse> {
    return CreatedInviteResponse.from(await this.invites.create(actor, collective, body));
  }

  @Get()
  @ApiOperation({ summary: "List the collective's pending invites (owners)." })
  @CollectiveRole('owner')
  @ApiOkResponse({ type: [InviteResponse], description: 'Pending invites, newest first.' })
  async listPending(@CurrentCollective() collective: CollectiveRef): Promise<InviteResponse[]> {
    return (await this.invites.listPending(collective.id)).map((i) => InviteResponse.from(i));
  }

  @Delete(':inviteId')
  @ApiOperation({ summary: 'Revoke a pending invite (owners).' })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNotFoundResponse({
    type: ErrorBody,
    description: 'COLLECTIVE_NOT_FOUND, or INVITE_NOT_FOUND (no pending invite of this collective)',
  })
  @CollectiveRole('owner')
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'inviteId is not a UUID' })
  async revoke(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('inviteId', CanonicalUuidPipe) inviteId: string,
  ): Promise<void> {
    await this.invites.revoke(actor, collective, inviteId);
  }
}
