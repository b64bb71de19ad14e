import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PlatformConfig } from '../config/platform-config.service';
import { DomainError } from '../errors/domain-error';
import { Public } from '../http/public-route';
import { Metrics } from './metrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

class MetricsForbiddenError extends DomainError {
  constructor() {
    super('METRICS_FORBIDDEN', 'forbidden', 'Metrics need the scrape token or a loopback caller.');
  }
}

/**
 * Prometheus's scrape target. Not an API for people, so outside the OpenAPI document and the
 * user sessions: with METRICS_TOKEN set, a scraper sends `Authorization: Bearer <token>`;
 * without it, only callers on this host (loopback, by the socket, never a forwarded header).
 */
@ApiExcludeController()
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: PlatformConfig,
  ) {}

  @Get()
  async scrape(
    @Req() request: FastifyRequest,
    @Headers('authorization') authorization: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!this.allowed(request, authorization)) throw new MetricsForbiddenError();
    const body = await this.metrics.registry.metrics();
    await reply
      .header('content-type', this.metrics.registry.contentType)
      .header('cache-control', 'no-store')
      .send(body);
  }

  private allowed(request: FastifyRequest, authorization: string | undefined): boolean {
    const token = this.config.get('METRICS_TOKEN');
    if (!token) return LOOPBACK.has(request.socket.remoteAddress ?? '');
    const expected = Buffer.from(`Bearer ${token}`);
    const given = Buffer.from(authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
