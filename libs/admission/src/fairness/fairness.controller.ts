import { Public } from '@limited-run/identity';
import { BoundedIntPipe, CanonicalUuidPipe, ErrorBody, RateLimit } from '@limited-run/platform';
import { applyDecorators, Controller, Get, HttpStatus, Param, Req, Res } from '@nestjs/common';
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
import { FairnessProofResponse, ProofPageResponse } from '../dto/fairness-proof.response';
import { NoFairnessProofPageError } from '../admission.errors';
import { FairnessService, type ProofFile } from './fairness.service';

/** A drawn proof never changes: clients and proxies may keep it for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The optional request headers a stored proof file answers to. Read from the request rather
 * than as `@Headers()` parameters, which OpenAPI would declare required.
 */
const ApiStoredFileHeaders = () =>
  applyDecorators(
    ApiHeader({
      name: 'Accept-Encoding',
      required: false,
      description: 'gzip: the stored file as is',
    }),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'A stored ETag: 304 if unchanged',
    }),
  );

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
      'strong ETag and immutable cache headers. A draw of more than ' +
      '`FAIRNESS_PROOF_PAGE_SIZE` entries answers a manifest instead: `entries` and ' +
      '`result.order` null, `pages` listing the hash of every page. ' +
      'Check it with `npm run verify:fairness -- <this URL>`.',
  })
  @ApiStoredFileHeaders()
  @ApiOkResponse({ type: FairnessProofResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'DROP_NOT_FOUND, NO_FAIRNESS_PROOF' })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'RATE_LIMITED' })
  async get(
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FairnessProofResponse | Buffer | undefined> {
    const file = await this.fairness.proofFile(dropId);
    if (!file) return FairnessProofResponse.from(await this.fairness.proof(dropId));
    return this.sendStored(file, request, reply);
  }

  @Get('pages/:page')
  @RateLimit('proofDownloads')
  @ApiParam({ name: 'drop', description: "The drop's id", format: 'uuid' })
  @ApiParam({ name: 'page', description: 'The page, from 0', type: Number })
  @ApiOperation({
    summary: 'One page of a large drawn proof.',
    description:
      'A draw of more than `FAIRNESS_PROOF_PAGE_SIZE` entries is published as a manifest ' +
      '(`GET /drops/{drop}/fairness`, with `pages`) and pages holding the same slice of the ' +
      "entry list and of the drawn order. The manifest lists each page's SHA-256; " +
      '`npm run verify:fairness` and the fairness page check every page against it. Stored at ' +
      'the draw; served like the manifest (gzip, strong ETag, immutable).',
  })
  @ApiStoredFileHeaders()
  @ApiOkResponse({ type: ProofPageResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'NO_FAIRNESS_PROOF_PAGE' })
  @ApiTooManyRequestsResponse({ type: ErrorBody, description: 'RATE_LIMITED' })
  async page(
    @Param('drop', CanonicalUuidPipe) dropId: string,
    @Param('page', new BoundedIntPipe(0, 100_000)) page: number,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | undefined> {
    const file = await this.fairness.proofPageFile(dropId, page);
    if (!file) throw new NoFairnessProofPageError();
    return this.sendStored(file, request, reply);
  }

  /** A stored file as is (gzip) or inflated, with its ETag and immutable cache headers. */
  private sendStored(
    file: ProofFile,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Buffer | undefined {
    const { 'accept-encoding': acceptEncoding, 'if-none-match': ifNoneMatch } = request.headers;
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
