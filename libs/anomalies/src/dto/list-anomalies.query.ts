import { IsCanonicalUuid } from '@limited-run/platform';
import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  ANOMALY_PAGE_DEFAULT_LIMIT,
  ANOMALY_PAGE_MAX_LIMIT,
  type AnomalyFilter,
} from '../anomalies.service';
import {
  ANOMALY_KINDS,
  ANOMALY_STATUSES,
  type AnomalyKind,
  type AnomalyStatus,
} from '../anomaly.entity';

/** Query of `GET /admin/anomalies`; every filter optional, combined with AND. */
export class ListAnomaliesQuery implements AnomalyFilter {
  @ApiPropertyOptional({ enum: ANOMALY_STATUSES, enumName: 'AnomalyStatus' })
  @IsOptional()
  @IsIn(ANOMALY_STATUSES)
  status?: AnomalyStatus;

  @ApiPropertyOptional({ enum: ANOMALY_KINDS, enumName: 'AnomalyKind' })
  @IsOptional()
  @IsIn(ANOMALY_KINDS)
  kind?: AnomalyKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsCanonicalUuid()
  dropId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsCanonicalUuid()
  collectiveId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '`nextCursor` of the previous page.' })
  @IsOptional()
  @IsCanonicalUuid()
  before?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: ANOMALY_PAGE_MAX_LIMIT,
    default: ANOMALY_PAGE_DEFAULT_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ANOMALY_PAGE_MAX_LIMIT)
  limit?: number;
}

/** Query of a collective's own list: the path names the collective. */
export class ListCollectiveAnomaliesQuery extends OmitType(ListAnomaliesQuery, [
  'collectiveId',
] as const) {}
