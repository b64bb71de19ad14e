import { AuditEventPageResponse, AuditLog, ListAuditEventsQuery } from '@limited-run/audit';
import { ErrorBody } from '@limited-run/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Roles } from './auth/auth.decorators';

/** The platform-wide audit trail; collectives read their own under /collectives/:collective/audit. */
@ApiTags('admin')
@Controller('admin/audit')
@Roles('admin')
export class AdminAuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({ summary: 'Read the platform audit trail (admins only).' })
  @ApiOkResponse({ type: AuditEventPageResponse, description: 'Newest first, keyset-paginated.' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED or a bad cursor.' })
  async list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPageResponse> {
    return AuditEventPageResponse.from(await this.audit.list(query));
  }
}
