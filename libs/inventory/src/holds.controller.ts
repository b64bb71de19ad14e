import {
  CurrentPrincipal,
  type Principal,
  SessionCheckedByRoute,
  SessionToCheck,
  SignedIn,
} from '@limited-run/identity';
import {
  CanonicalUuidPipe,
  type DeferredSessionCheck,
  domainErrorAnswer,
  ErrorBody,
  RateLimitCountedByRoute,
  RateLimitedError,
} from '@limited-run/platform';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HoldResponse, parsePlaceHold, PlaceHoldDto } from './dto/place-hold.dto';
import { HoldsService } from './holds.service';
import { HoldEndings } from './movements/hold-endings';

@ApiTags('holds')
@Controller('drops/:drop/holds')
@SignedIn()
export class HoldsController {
  constructor(
    private readonly holds: HoldsService,
    private readonly endings: HoldEndings,
  ) {}

  /**
   * The opening's hot route: one Redis round trip decides (hold-attempt.ts), refusals are
   * returned rather than thrown, and the body is checked by `parsePlaceHold` (same rules and
   * messages as `PlaceHoldDto`, without class-validator's reflection). docs/benchmarks.md,
   * "Declines at the ceiling".
   */
  @Post()
  @ApiOperation({ summary: "Hold units of a live drop's variant until checkout or expiry." })
  @SessionCheckedByRoute()
  @RateLimitCountedByRoute('holdsPerFan', 'holdsPerIp')
  @HttpCode(HttpStatus.CREATED)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Unique per attempt; a retry with the same key and body gets the same answer.',
  })
  @ApiHeader({
    name: 'Admission-Token',
    required: false,
    description: "Required while the drop's waiting room is active: the token the room gave you.",
  })
  @ApiBody({ type: PlaceHoldDto })
  @ApiCreatedResponse({
    type: HoldResponse,
    description: 'Held until expiresAt. A replay carries `Idempotent-Replayed: true`.',
  })
  @ApiBadRequestResponse({
    type: ErrorBody,
    description: 'VALIDATION_FAILED, IDEMPOTENCY_KEY_REQUIRED',
  })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, VARIANT_NOT_IN_DROP' })
  @ApiForbiddenResponse({
    type: ErrorBody,
    description: 'ADMISSION_REQUIRED (waiting room), HOLD_NOT_OPEN_TO_YOU (early access, raffle)',
  })
  @ApiConflictResponse({
    type: ErrorBody,
    description: 'DROP_NOT_LIVE, SOLD_OUT, INSUFFICIENT_STOCK, REQUEST_IN_PROGRESS',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorBody,
    description: 'LIMIT_REACHED, IDEMPOTENCY_KEY_REUSED',
  })
  async place(
    @SessionToCheck() session: DeferredSessionCheck,
    @Param('drop') dropParam: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const parsed = parsePlaceHold(dropParam, request.headers['idempotency-key'], body);
    const token = request.headers['admission-token'];
    const outcome = await this.holds.place(
      {
        session,
        ip: request.ip,
        dropId: parsed.dropId,
        idempotencyKey: parsed.idempotencyKey,
        admissionToken: typeof token === 'string' ? token : undefined,
      },
      parsed.input,
    );
    if (outcome.kind === 'held') {
      if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
      void reply.status(HttpStatus.CREATED).send(outcome.hold);
      return;
    }
    const { status, body: answer } = domainErrorAnswer(outcome.error);
    if (outcome.error instanceof RateLimitedError) {
      void reply.header('retry-after', String(outcome.error.retryAfterSeconds));
    }
    void reply.status(status).send(answer);
  }

  @Get(':hold')
  @ApiOperation({ summary: 'One of your holds: its units, status and expiry.' })
  @ApiOkResponse({ type: HoldResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'HOLD_NOT_FOUND' })
  find(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Param('hold', CanonicalUuidPipe) holdId: string,
  ): Promise<HoldResponse> {
    return this.holds.find(principal.userId, dropId, holdId);
  }

  @Delete(':hold')
  @ApiOperation({ summary: 'Release one of your holds; its units return to sale.' })
  @ApiOkResponse({ type: HoldResponse, description: 'Released; its units are on sale again.' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'HOLD_NOT_FOUND' })
  @ApiConflictResponse({ type: ErrorBody, description: 'HOLD_NOT_ACTIVE' })
  release(
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Param('hold', CanonicalUuidPipe) holdId: string,
  ): Promise<HoldResponse> {
    return this.endings.release(principal.userId, dropId, holdId);
  }
}
