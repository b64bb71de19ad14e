import { Public } from '@limited-run/identity';
import { CanonicalUuidPipe, ErrorBody, RateLimit } from '@limited-run/platform';
import { Controller, Get, HttpStatus, Param, Req, Res } from '@nestjs/common';
import {
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { gunzipSync } from 'node:zlib';
import { FairnessProofResponse } from '../dto/fairness-proof.response';
import { FairnessService } from './fairness.service';

/** A drawn proof never changes: clients and proxies may keep it for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

@ApiTags('fairness')
@Controller('drops/:drop/fairness')
@Public()
export class FairnessController {
  constructor(private readonly fairness: FairnessService) {}

  @Get()
  @RateLimit('proofDownloads')
  @ApiParam({ name: 'drop', description: "The drop's id", format: 'uuid' })
  @ApiOperation({
    summary: "The drop's draw: its commitment before, the full proof after.",
    description:
      'A raffle, or a first_come waiting room whose pre-queue is shuffled at the opening. ' +
      'Before the draw: the commitment (SHA-256 of the secret seed) and the ordering rule. ' +
      'After: the seed, the canonical entry list and its hash, the order and the winners, ' +
      'as a file stored at the draw: gzip-compressed when the client accepts it, with a ' +
      'strong ETag and immutable cache headers. ' +
      'Check it with `npm run verify:fairness -- <this URL>`.',
  })
  // Read from the request rather than as `@Headers()` parameters, which OpenAPI would declare
  // required: both are optional conditions on the answer.
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'A stored ETag: 304 if unchanged',
  })
  @ApiHeader({
    name: 'Accept-Encoding',
    required: false,
    description: 'gzip: the stored file as is',
  })
  @ApiOkResponse({ type: FairnessProofResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, NO_FAIRNESS_PROOF' })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'RATE_LIMITED' })
  async get(
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FairnessProofResponse | Buffer | undefined> {
    const { 'accept-encoding': acceptEncoding, 'if-none-match': ifNoneMatch } = request.headers;
    const file = await this.fairness.proofFile(dropId);
    if (!file) return FairnessProofResponse.from(await this.fairness.proof(dropId));
    const etag = `"${file.etag}"`;
    void reply
      .header('etag', etag)
      .header('cache-control', IMMUTABLE)
      .header('vary', 'accept-encoding');
    if (ifNoneMatch === etag) {
      void reply.status(HttpStatus.NOT_MODIFIED);
      return undefined;
    }
    void reply.type('application/json; charset=utf-8');
    if (/\bgzip\b/.test(acceptEncoding ?? '')) {
      void reply.header('content-encoding', 'gzip');
      return file.gzip;
    }
    return gunzipSync(file.gzip);
  }
}
