import { IsCanonicalUuid } from '@limited-run/platform';
import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { AuditEventsQuery } from '../audit-entry';
import { AUDIT_PAGE_DEFAULT_LIMIT, AUDIT_PAGE_MAX_LIMIT } from '../audit-log.service';

/** Query of the platform-wide listing (`GET /admin/audit`). */
export class ListAuditEventsQuery implements AuditEventsQuery {
  @ApiPropertyOptional({ format: 'uuid', example: '0b9f7c2e-5d4a-4c1e-9a57-3f2d8e6b1a90' })
  @IsOptional()
  @IsCanonicalUuid()
  collectiveId?: string;

  @ApiPropertyOptional({ example: 'drop.schedule', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  action?: string;

  @ApiPropertyOptional({ example: 'drop', maxLength: 32 })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  targetType?: string;

  @ApiPropertyOptional({ example: '5c1d0a6e-2f43-4b8e-8d1a-7e9c0b2f4a61', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  targetId?: string;

  @ApiPropertyOptional({ format: 'uuid', example: '9a3e4f10-6b2c-4d7e-8f01-2c3b4a5d6e7f' })
  @IsOptional()
  @IsCanonicalUuid()
  actorUserId?: string;

  @ApiPropertyOptional({
    description: '`nextCursor` of the previous page; omit for the newest events.',
    example: 'YWUxOjVjMWQwYTZlLTJmNDMtNGI4ZS04ZDFhLTdlOWMwYjJmNGE2MQ',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/, {
    message: 'before must be a cursor returned by this listing',
  })
  before?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: AUDIT_PAGE_MAX_LIMIT,
    default: AUDIT_PAGE_DEFAULT_LIMIT,
    example: 20,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_PAGE_MAX_LIMIT)
  limit?: number;
}

/** Query of a collective's own trail (`GET /collectives/:collective/audit`): the path names the collective. */
export class ListCollectiveAuditEventsQuery extends OmitType(ListAuditEventsQuery, [
  'collectiveId',
] as const) {}
