import { CurrentPrincipal, type Principal, SignedIn } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody, RateLimit } from '@limited-run/platform';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import type { FastifyReply } from 'fastify';
import { HoldResponse, PlaceHoldDto } from './dto/place-hold.dto';
import { HoldsService } from './holds.service';
import { AdmissionToken, IdempotencyKey } from './idempotency-key.decorator';

@ApiTags('holds')
@Controller('drops/:drop/holds')
@SignedIn()
export class HoldsController {
  constructor(private readonly holds: HoldsService) {}

  @Post()
  @ApiOperation({ summary: "Hold units of a live drop's variant until checkout or expiry." })
  @RateLimit('holdsPerFan', 'holdsPerIp')
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
    @CurrentPrincipal() principal: Principal,
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: PlaceHoldDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @AdmissionToken() admissionToken?: string,
  ): Promise<HoldResponse> {
    const { hold, replayed } = await this.holds.place(
      principal.userId,
      dropId,
      body,
      idempotencyKey,
      admissionToken,
    );
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return hold;
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
    return this.holds.release(principal.userId, dropId, holdId);
  }
}
