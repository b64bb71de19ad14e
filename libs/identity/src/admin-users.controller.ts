import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from './auth/auth.decorators';
import type { Actor } from './auth/principal';
import {
  AdminUserPage,
  AdminUserResponse,
  ListUsersQuery,
  SuspendUserDto,
} from './dto/admin-users.dto';
import { UserAdministrationService } from './users/user-administration.service';

@ApiTags('admin')
@Controller('admin/users')
@Roles('admin')
export class AdminUsersController {
  constructor(private readonly users: UserAdministrationService) {}

  @Get()
  @ApiOperation({ summary: 'List platform users (admins only).' })
  @ApiOkResponse({ type: AdminUserPage, description: 'Newest first.' })
  list(@Query() query: ListUsersQuery): Promise<AdminUserPage> {
    return this.users.list(query);
  }

  @Post(':userId/suspend')
  @ApiOperation({ summary: 'Suspend a user: every session ends at once (admins only).' })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: AdminUserResponse,
    description: 'Suspended; every session of the account ended at once.',
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'USER_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'CANNOT_SUSPEND_SELF' })
  async suspend(
    @CurrentActor() actor: Actor,
    @Param('userId', CanonicalUuidPipe) userId: string,
    @Body() body: SuspendUserDto,
  ): Promise<AdminUserResponse> {
    return AdminUserResponse.from(await this.users.suspend(actor, userId, body.reason));
  }

  @Post(':userId/reinstate')
  @ApiOperation({ summary: 'Reinstate a suspended user (admins only).' })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AdminUserResponse, description: 'Active again; the user signs in anew.' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'USER_NOT_FOUND' })
  async reinstate(
    @CurrentActor() actor: Actor,
    @Param('userId', CanonicalUuidPipe) userId: string,
  ): Promise<AdminUserResponse> {
    return AdminUserResponse.from(await this.users.reinstate(actor, userId));
  }
}
