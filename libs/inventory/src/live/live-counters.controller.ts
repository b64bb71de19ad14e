import { Public } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody } from '@limited-run/platform';
import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import {
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DropAvailability } from './drop-availability';
import { AvailabilityResponse } from './dto/availability.response';
import { LiveStreams } from './live-streams';

const DROP_PARAM = { name: 'drop', description: "The drop's id", format: 'uuid' } as const;

/** What is left of a drop, for anyone, as a document and as a live stream. */
@ApiTags('live counters')
@Controller('drops')
@Public()
export class LiveCountersController {
  constructor(
    private readonly availability: DropAvailability,
    private readonly streams: LiveStreams,
  ) {}

  @Get(':drop/availability')
  @ApiParam(DROP_PARAM)
  @ApiOperation({
    summary: "Every line's counters: allocated, held, sold and available.",
    description: 'At most half a second behind the database.',
  })
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiNotFoundResponse({
    type: ErrorBody,
    description: 'DROP_NOT_FOUND (also for drafts and cancelled drops)',
  })
  async get(@Param('drop', CanonicalUuidPipe) dropId: string): Promise<AvailabilityResponse> {
    return AvailabilityResponse.from(await this.availability.require(dropId));
  }

  @Get(':drop/events')
  @ApiParam(DROP_PARAM)
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The last `id` received: resume after it instead of starting with a snapshot.',
  })
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Server-sent events: a `snapshot`, then a `counters` event for every change.',
    description:
      '`snapshot` carries every line, `counters` the lines a change touched (absolute values); ' +
      "each has `id` = the drop's sequence number. Comment lines every SSE_HEARTBEAT_SECONDS " +
      'keep idle connections open. After a reconnect with `Last-Event-ID` the missed events are ' +
      'replayed in order, or a fresh snapshot is sent if they are no longer kept.',
  })
  @ApiOkResponse({ description: 'An endless `text/event-stream`.' })
  @ApiNotFoundResponse({
    type: ErrorBody,
    description: 'DROP_NOT_FOUND (also for drafts and cancelled drops)',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorBody,
    description: 'LIVE_CLIENTS_FULL (this process serves SSE_MAX_CLIENTS streams; retry)',
  })
  async events(
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.streams.open(dropId, lastEventId, reply);
  }
}
