import { type Actor, CurrentActor, Roles } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AnomaliesService } from './anomalies.service';
import { AnomalyPageResponse, AnomalyResponse } from './dto/anomaly.response';
import { ListAnomaliesQuery } from './dto/list-anomalies.query';
import { ResolveAnomalyDto } from './dto/resolve-anomaly.dto';

const ANOMALY_PARAM = { name: 'anomaly', description: "The anomaly's id", format: 'uuid' };

/** The platform's anomaly list: what went wrong, acknowledged and resolved by admins. */
@ApiTags('admin monitor')
@Controller('admin/anomalies')
@Roles('admin')
export class AdminAnomaliesController {
  constructor(private readonly anomalies: AnomaliesService) {}

  @Get()
  @ApiOperation({ summary: 'List anomalies, newest first (admins only).' })
  @ApiOkResponse({ type: AnomalyPageResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  async list(@Query() query: ListAnomaliesQuery): Promise<AnomalyPageResponse> {
    return AnomalyPageResponse.from(await this.anomalies.list(query));
  }

  @Get(':anomaly')
  @ApiParam(ANOMALY_PARAM)
  @ApiOperation({ summary: 'One anomaly (admins only).' })
  @ApiOkResponse({ type: AnomalyResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ANOMALY_NOT_FOUND' })
  async get(@Param('anomaly', CanonicalUuidPipe) id: string): Promise<AnomalyResponse> {
    return AnomalyResponse.from(await this.anomalies.get(id));
  }

  @Post(':anomaly/acknowledge')
  @HttpCode(HttpStatus.OK)
  @ApiParam(ANOMALY_PARAM)
  @ApiOperation({ summary: 'Acknowledge an anomaly: someone is on it (admins only; audited).' })
  @ApiOkResponse({ type: AnomalyResponse, description: 'Acknowledged (idempotent).' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ANOMALY_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'ANOMALY_ALREADY_RESOLVED' })
  async acknowledge(
    @CurrentActor() actor: Actor,
    @Param('anomaly', CanonicalUuidPipe) id: string,
  ): Promise<AnomalyResponse> {
    return AnomalyResponse.from(await this.anomalies.acknowledge(id, actor));
  }

  @Post(':anomaly/resolve')
  @HttpCode(HttpStatus.OK)
  @ApiParam(ANOMALY_PARAM)
  @ApiOperation({ summary: 'Resolve an anomaly, with an optional note (admins only; audited).' })
  @ApiOkResponse({ type: AnomalyResponse, description: 'Resolved (idempotent).' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'ANOMALY_NOT_FOUND' })
  async resolve(
    @CurrentActor() actor: Actor,
    @Param('anomaly', CanonicalUuidPipe) id: string,
    @Body() body: ResolveAnomalyDto,
  ): Promise<AnomalyResponse> {
    return AnomalyResponse.from(await this.anomalies.resolve(id, actor, body.note));
  }
}
