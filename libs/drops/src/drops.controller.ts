import { CollectiveRole, type CollectiveRef, CurrentCollective } from '@limited-run/collectives';
import { type Actor, CurrentActor } from '@limited-run/identity';
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
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DropAuthoringService } from './drop-authoring.service';
import { DropSchedulingService } from './drop-scheduling.service';
import { CreateDropDto } from './dto/create-drop.dto';
import { DropListResponse, DropResponse } from './dto/drop.response';
import { ExtendDropDto } from './dto/extend-drop.dto';
import { ListDropsQuery } from './dto/list-drops.query';
import { SetDropLineDto } from './dto/set-drop-line.dto';
import { UpdateDropDto } from './dto/update-drop.dto';

const DROP_PARAM = { name: 'drop', description: "The drop's id", format: 'uuid' } as const;

/** A collective's drops, drafts included: staff and owners of the collective, and admins. */
@ApiTags('drops')
@Controller('collectives/:collective/drops')
export class DropsController {
  constructor(
    private readonly drops: DropAuthoringService,
    private readonly scheduling: DropSchedulingService,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @CollectiveRole('staff')
  @ApiOperation({
    summary: 'Create a draft drop, optionally with lines.',
    description:
      "Each line takes its units from the variant's edition at once; a variant's allocations " +
      'across all drops never exceed its edition size.',
  })
  @ApiCreatedResponse({ type: DropResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({
    type: ErrorBody,
    description: 'VARIANT_NOT_FOUND (a line names a variant of another collective)',
  })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'DROP_SLUG_TAKEN or VARIANT_OVER_ALLOCATED',
  })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'INVALID_DROP' })
  async create(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Body() body: CreateDropDto,
  ): Promise<DropResponse> {
    return DropResponse.from(await this.drops.create(actor, collective, body));
  }

  @Get()
  @CollectiveRole('staff')
  @ApiOperation({ summary: "The collective's drops in every state, soonest start first." })
  @ApiOkResponse({ type: DropListResponse })
  async list(
    @CurrentCollective() collective: CollectiveRef,
    @Query() query: ListDropsQuery,
  ): Promise<DropListResponse> {
    return DropListResponse.from(await this.drops.list(collective.id, query), query);
  }

  @Get(':drop')
  @ApiOperation({ summary: 'One drop of the collective, drafts included (staff).' })
  @CollectiveRole('staff')
  @ApiParam(DROP_PARAM)
  @ApiOkResponse({ type: DropResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  async get(
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
  ): Promise<DropResponse> {
    return DropResponse.from(await this.drops.get(collective.id, dropId));
  }

  @Patch(':drop')
  @CollectiveRole('staff')
  @ApiParam(DROP_PARAM)
  @ApiOperation({
    summary: "Change a draft or scheduled drop's details.",
    description:
      'A scheduled drop must stay schedulable; its open and close jobs follow the new times. ' +
      'Live and finished drops refuse with DROP_FROZEN (a live drop may only be extended or cancelled).',
  })
  @ApiOkResponse({ type: DropResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'DROP_FROZEN or DROP_SLUG_TAKEN' })
  @ApiUnprocessableEntityResponse({
    type: ErrorBody,
    description: 'INVALID_DROP or DROP_NOT_SCHEDULABLE',
  })
  async update(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Body() body: UpdateDropDto,
  ): Promise<DropResponse> {
    return DropResponse.from(await this.drops.update(actor, collective, dropId, body));
  }

  @Put(':drop/lines/:variant')
  @CollectiveRole('staff')
  @ApiParam(DROP_PARAM)
  @ApiParam({
    name: 'variant',
    description: "A variant of this collective's items",
    format: 'uuid',
  })
  @ApiOperation({
    summary: "Set a draft's quantity of one variant (adds the line if missing).",
    description: "The difference is taken from, or given back to, the variant's edition.",
  })
  @ApiOkResponse({ type: DropResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND or VARIANT_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'DROP_FROZEN or VARIANT_OVER_ALLOCATED' })
  async setLine(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Param('variant', CanonicalUuidPipe) variantId: string,
    @Body() body: SetDropLineDto,
  ): Promise<DropResponse> {
    return DropResponse.from(
      await this.drops.setLine(actor, collective, dropId, variantId, body.quantity),
    );
  }

  @Delete(':drop/lines/:variant')
  @CollectiveRole('staff')
  @ApiParam(DROP_PARAM)
  @ApiParam({ name: 'variant', format: 'uuid' })
  @ApiOperation({ summary: "Remove a draft's line; its units go back to the edition." })
  @ApiOkResponse({ type: DropResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND or DROP_LINE_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'DROP_FROZEN' })
  async removeLine(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Param('variant', CanonicalUuidPipe) variantId: string,
  ): Promise<DropResponse> {
    return DropResponse.from(await this.drops.removeLine(actor, collective, dropId, variantId));
  }

  @Post(':drop/schedule')
  @HttpCode(HttpStatus.OK)
  @CollectiveRole('staff')
  @ApiParam(DROP_PARAM)
  @ApiOperation({
    summary: 'draft → scheduled: validates everything and fixes each line’s price.',
    description:
      'The drop opens at startsAt and closes at endsAt on its own (worker jobs and sweep).',
  })
  @ApiOkResponse({ type: DropResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'INVALID_DROP_TRANSITION' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'DROP_NOT_SCHEDULABLE' })
  async schedule(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
  ): Promise<DropResponse> {
    return DropResponse.from(await this.scheduling.schedule(actor, collective, dropId));
  }

  @Post(':drop/extend')
  @HttpCode(HttpStatus.OK)
  @CollectiveRole('staff')
  @ApiParam(DROP_PARAM)
  @ApiOperation({ summary: 'Move endsAt later: the one change a live drop accepts.' })
  @ApiOkResponse({ type: DropResponse })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'DROP_FROZEN (closed, sold out or cancelled)',
  })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'ENDS_AT_NOT_EXTENDED' })
  async extend(
    @CurrentActor() actor: Actor,
    @CurrentCollective() collective: CollectiveRef,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Body() body: ExtendDropDto,
  ): Promise<DropResponse> {
    return DropResponse.from(await this.scheduling.extend(actor, collective, dropId, body.endsAt));
  }
}
