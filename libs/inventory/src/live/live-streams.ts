import type { OutgoingHttpHeaders } from 'node:http';
import { DropNotFoundError } from '@limited-run/drops';
import {
  ClientSlots,
  Metrics,
  PlatformConfig,
  REDIS,
  TooManyStreamsError,
} from '@limited-run/platform';
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { FastifyReply } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { CounterHistory } from './counter-history';
import { CounterSubscriptions } from './counter-subscriptions';
import { DropAvailability } from './drop-availability';
import type { AvailabilityView } from './line-counters';
import { LiveClientsFullError } from './live-counters.errors';
import { LiveSession, type SessionSources } from './live-session';
import { parseLastEventId } from './sse-frames';

/** The headers Fastify prepared (request id, security headers, CORS) plus the stream's own. */
function streamHeaders(reply: FastifyReply): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) headers[name] = value;
  }
  return {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    // nginx would otherwise buffer the stream and deliver events in bursts.
    'x-accel-buffering': 'no',
  };
}

/** The live-counters streams this API process serves. */
@Injectable()
export class LiveStreams implements BeforeApplicationShutdown {
  private readonly sessions = new Set<LiveSession>();
  private readonly sources: SessionSources;
  private readonly perClient: ClientSlots;
  private shuttingDown = false;

  constructor(
    private readonly subscriptions: CounterSubscriptions,
    private readonly availability: DropAvailability,
    history: CounterHistory,
    private readonly config: PlatformConfig,
    logger: PinoLogger,
    @Inject(REDIS) redis: Redis,
    metrics: Metrics,
  ) {
    logger.setContext(LiveStreams.name);
    metrics.trackStreams('drop', () => this.sessions.size);
    this.perClient = new ClientSlots(redis, {
      kind: 'live',
      limit: () => config.get('SSE_MAX_CLIENTS_PER_IP'),
      leaseMs: () => config.get('SSE_SLOT_LEASE_SECONDS') * 1000,
    });
    this.sources = {
      history,
      availability,
      warn: (error, message) => logger.warn({ err: error }, message),
    };
  }

  get size(): number {
    return this.sessions.size;
  }

  /**
   * Answers `GET /drops/:drop/events`: refuses (404, 503) before anything is sent, otherwise
   * takes the response over from Fastify and streams until the client or the process leaves.
   */
  async open(
    dropId: string,
    lastEventId: string | string[] | undefined,
    reply: FastifyReply,
  ): Promise<void> {
    if (this.shuttingDown || this.sessions.size >= this.config.get('SSE_MAX_CLIENTS')) {
      void reply.header('retry-after', '5');
      throw new LiveClientsFullError();
    }
    const release = await this.perClient.take(reply.request.ip);
    if (!release) {
      void reply.header('retry-after', '5');
      throw new TooManyStreamsError();
    }
    const session = new LiveSession(dropId, this.sources, (s) => {
      this.sessions.delete(s);
      release();
    });
    this.sessions.add(session);
    const closeOnDisconnect = (): void => session.close();
    reply.raw.once('close', closeOnDisconnect);
    let view: AvailabilityView;
    try {
      // Subscribed first, so nothing published after the snapshot or replay is read is missed.
      session.attach(await this.subscriptions.listen(dropId, session));
      const found = await this.availability.get(dropId);
      if (!found) throw new DropNotFoundError();
      view = found;
    } catch (error) {
      reply.raw.off('close', closeOnDisconnect);
      session.close();
      throw error;
    }
    reply.hijack();
    if (session.isClosed) {
      reply.raw.destroy();
      return;
    }
    reply.raw.writeHead(200, streamHeaders(reply));
    session.start(
      reply.raw,
      view,
      parseLastEventId(lastEventId),
      this.config.get('SSE_HEARTBEAT_SECONDS') * 1000,
    );
  }

  /** Ends every stream before the HTTP server closes, which would otherwise wait for them. */
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
    for (const session of [...this.sessions]) session.close();
  }
}
