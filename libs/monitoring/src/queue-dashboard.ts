import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { AdminTickets } from '@limited-run/identity';
import { DomainError, domainErrorAnswer, QUEUE_DASHBOARD_PREFIX } from '@limited-run/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { QueueDashboardOriginRefusedError } from './monitoring.errors';
import { QueueMonitor } from './queue-monitor';

/** The dashboard's ticket cookie: sent by the browser to the dashboard's paths only. */
export const QUEUE_DASHBOARD_COOKIE = 'lr_queue_dashboard';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bull Board on the API's Fastify instance under /admin/queues, showing every queue the API
 * knows (the same list as the monitor's queue figures).
 *
 * Its routes are Fastify's, not Nest's, so Nest's guards never see them: a hook on the board's
 * own plugin scope admits a request only with a ticket cookie (`POST /admin/queues/session`)
 * whose admin is still an active admin in a live session, read as the access guard reads it.
 * Anything else gets the API's error body and never the page, its assets or its API.
 *
 * Read-only: the board lists queues, jobs, their data and failures, but cannot retry, promote,
 * clean, empty, pause or add. Those jobs drive drops opening and closing, holds expiring,
 * payments being applied and refunds; each has its own recovery path (reconciliation, the
 * webhook inbox, the anomaly list), and a job removed or replayed by hand could skip or
 * repeat a step those paths rely on.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queues: QueueMonitor,
    private readonly tickets: AdminTickets,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const board = new BullBoardFastifyAdapter();
    createBullBoard({
      queues: this.queues.names.map(
        (name) => new BullAdapter(this.queues.queue(name), { readOnlyMode: true }),
      ),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'Limited Run queues' } },
    });
    board.setBasePath(QUEUE_DASHBOARD_PREFIX);
    // An encapsulated scope: the hook guards the board's routes, and only them.
    void fastify.register(
      async (scope: FastifyInstance) => {
        scope.addHook('onRequest', (request, reply) => this.admit(request, reply));
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_PREFIX },
    );
  }

  private async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      if (!SAFE_METHODS.has(request.method) && !fromOwnOrigin(request)) {
        throw new QueueDashboardOriginRefusedError();
      }
      await this.tickets.admit(request.cookies?.[QUEUE_DASHBOARD_COOKIE]);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const { status, body } = domainErrorAnswer(error);
      await reply.code(status).header('cache-control', 'no-store').send(body);
    }
  }
}

/** SameSite=Strict keeps the cookie off cross-site requests; this holds where a browser does not. */
function fromOwnOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
