import { CurrentActor, Roles, type Actor } from '@limited-run/identity';
import { ErrorBody, PageQuery } from '@limited-run/platform';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { CollectivesService } from './collectives.service';
import { CollectivePageResponse, CollectiveResponse } from './dto/collective.response';
import { CreateCollectiveDto } from './dto/create-collective.dto';

@ApiTags('admin')
@Controller('admin/collectives')
@Roles('admin')
export class AdminCollectivesController {
  constructor(private readonly collectives: CollectivesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a collective with its first owner (admins only).' })
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: CollectiveResponse, description: 'Created, with its first owner.' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiConflictResponse({ type: ErrorBody, description: 'SLUG_TAKEN' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'OWNER_NOT_FOUND' })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateCollectiveDto,
  ): Promise<CollectiveResponse> {
    return CollectiveResponse.from(await this.collectives.create(actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'List every collective (admins only).' })
  @ApiOkResponse({ type: CollectivePageResponse, description: 'Newest first.' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  async list(@Query() query: PageQuery): Promise<CollectivePageResponse> {
    return CollectivePageResponse.from(await this.collectives.list(query), query);
  }
}
