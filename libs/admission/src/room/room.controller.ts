import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody, RateLimit } from '@limited-run/platform';
import { Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RoomResponse } from '../dto/room.response';
import { RoomService } from './room.service';
import { RoomStreams } from './room-streams';

const DROP = { name: 'drop', description: "The drop's id", format: 'uuid' } as const;

@ApiTags('waiting room')
@Controller('drops/:drop/room')
@SignedIn()
@ApiParam(DROP)
export class RoomController {
  constructor(
    private readonly rooms: RoomService,
    private readonly streams: RoomStreams,
  ) {}

  @Post()
  @RateLimit('waitlist', 'entriesPerIp')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: "Enter a first_come drop's waiting room (again: your standing, unchanged).",
    description:
      'Before the opening you wait in a pre-queue whose order is drawn at the opening ' +
      '(GET /drops/:drop/fairness proves it); later arrivals queue in arrival order. Fans are ' +
      'let through at WAITING_ROOM_ADMIT_PER_SECOND while units are left; once admitted, hold ' +
      'with the `Admission-Token` header.',
  })
  @ApiCreatedResponse({ type: RoomResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'NO_WAITING_ROOM, WAITING_ROOM_CLOSED' })
  async join(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
  ): Promise<RoomResponse> {
    return RoomResponse.from(await this.rooms.join(principal.userId, dropId));
  }

  @Get('me')
  @ApiOperation({ summary: 'Your standing: place, estimated wait, or your access token.' })
  @ApiOkResponse({ type: RoomResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, NOT_IN_WAITING_ROOM' })
  @ApiConflictResponse({ type: ErrorBody, description: 'NO_WAITING_ROOM' })
  async me(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
  ): Promise<RoomResponse> {
    return RoomResponse.from(await this.rooms.me(principal.userId, dropId));
  }

  @Get('me/events')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Server-sent events: a `status` event (as GET me) now and on every change.',
    description:
      'Sent when fans are let in, when nothing is left to hold (every waiter at once), when ' +
      'units come back, and every few seconds while the estimate moves. Ends when the drop does.',
  })
  @ApiOkResponse({ description: 'A `text/event-stream`.' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, NOT_IN_WAITING_ROOM' })
  @ApiConflictResponse({ type: ErrorBody, description: 'NO_WAITING_ROOM' })
  @ApiServiceUnavailableResponse({ type: ErrorBody, description: 'ROOM_STREAMS_FULL' })
  async events(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.streams.open(principal.userId, dropId, reply);
  }
}
