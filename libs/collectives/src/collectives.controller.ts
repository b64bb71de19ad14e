import {
  AuditEventPageResponse,
  AuditLog,
  ListCollectiveAuditEventsQuery,
} from '@limited-run/audit';
import { CurrentActor, Public, type Actor } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { CollectiveAccess, type CollectiveRef } from './collective-access';
import { CollectiveRole, CurrentCollective } from './collective-role.decorators';
import { ChangeMemberRoleDto } from './dto/change-member-role.dto';
import { CollectiveProfileResponse } from './dto/collective.response';
import { MemberResponse } from './dto/member.response';
import { MembershipsService } from './memberships.service';

@ApiTags('collectives')
@Controller('collectives/:collective')
export class CollectivesController {
  constructor(
    private readonly access: CollectiveAccess,
    private readonly memberships: MembershipsService,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @ApiOperation({ summary: "A collective's public profile." })
  @Public()
  @ApiParam({ name: 'collective', description: "The collective's slug", example: 'night-shift' })
  @ApiOkResponse({ type: CollectiveProfileResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'COLLECTIVE_NOT_FOUND' })
  async profile(@Param('collective') slug: string): Promise<CollectiveProfileResponse> {
    return CollectiveProfileResponse.from(await this.access.findBySlug(slug));
  }

  @Get('members')
  @ApiOperation({ summary: "List a collective's members and their roles (staff)." })
  @CollectiveRole('staff')
  @ApiOkResponse({ type: [MemberResponse], description: 'Owners first, then by joining date.' })
  async members(@CurrentCollective() collective: CollectiveRef): Promise<MemberResponse[]> {
    return (await this.memberships.list(collective.id)).map((m) => MemberResponse.from(m));
  }

  @Patch('members/:userId')
  @ApiOperation({ summary: "Change a member's role; the last owner cannot be demoted (owners)." })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'COLLECTIVE_NOT_FOUND or MEMBER_NOT_FOUND' })
  @CollectiveRole('owner')
  @ApiOkResponse({ type: MemberResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiConflictResponse({ type: ErrorBody, description: 'LAST_OWNER' })
  async changeRole(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('userId', CanonicalUuidPipe) userId: string,
    @Body() body: ChangeMemberRoleDto,
  ): Promise<MemberResponse> {
    return MemberResponse.from(
      await this.memberships.changeRole(actor, collective, userId, body.role),
    );
  }

  @Delete('members/:userId')
  @ApiOperation({ summary: 'Remove a member; the last owner cannot be removed (owners).' })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNotFoundResponse({ type: ErrorBody, description: 'COLLECTIVE_NOT_FOUND or MEMBER_NOT_FOUND' })
  @CollectiveRole('owner')
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'userId is not a UUID' })
  @ApiConflictResponse({ type: ErrorBody, description: 'LAST_OWNER' })
  async removeMember(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('userId', CanonicalUuidPipe) userId: string,
  ): Promise<void> {
    await this.memberships.remove(actor, collective, userId);
  }

  @Get('audit')
  @ApiOperation({ summary: "Read the collective's audit trail (owners)." })
  @CollectiveRole('owner')
  @ApiOkResponse({
    type: AuditEventPageResponse,
    description: "This collective's trail, newest first.",
  })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description: 'VALIDATION_FAILED or AUDIT_CURSOR_INVALID',
  })
  async auditTrail(
    @CurrentCollective() collective: CollectiveRef,
    @Query() query: ListCollectiveAuditEventsQuery,
  ): Promise<AuditEventPageResponse> {
    return AuditEventPageResponse.from(
      await this.audit.list({ ...query, collectiveId: collective.id }),
    );
  }
}
