import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { anomalyChannel, type AnomalyEvent } from '@limited-run/anomalies';
import {
  ClientSlots,
  Metrics,
  PlatformConfig,
  REDIS,
  subscriberConnection,
  TooManyStreamsError,
} from '@limited-run/platform';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { DropMonitor } from './drop-monitor';
import { MonitorClientsFullError } from './monitoring.errors';

/** A client that lets this much pile up unread is cut off rather than buffered without end. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Drop → collective, remembered (a drop never changes collective); cleared when this large. */
const COLLECTIVE_CACHE_MAX = 10_000;

interface MonitorSession {
  /** Null: every drop (admins); otherwise only this collective's. */
  collectiveId: string | null;
  raw: ServerResponse;
  heartbeat: NodeJS.Timeout;
  release: () => void;
}

/**
 * The monitor's live stream: one stream for all drops (never one per drop). Each process holds
 * one Redis connection that pattern-subscribes to every drop's counters channel and to the
 * anomaly channel, and relays each message to its monitor clients; a collective's client gets
 * only its drops and anomalies. Frames:
 * - `drop`: `{dropId, seq, lines}` (absolute counters of the lines a change touched) or
 *   `{dropId, seq, state, at}` (a public state change), exactly as the drop's own stream;
 * - `anomaly`: `{id, kind, status, collectiveId, dropId, summary, raisedAt}` when one is raised
 *   (alerted), acknowledged or resolved.
 * Gate figures and drift are not streamed: the page re-reads `/monitor/drops` for them.
 */
@Injectable()
export class MonitorStream implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly sessions = new Set<MonitorSession>();
  private readonly perClient: ClientSlots;
  private readonly collectives = new Map<string, string>();
  private subscriber?: Redis;
  private subscribed?: Promise<unknown>;
  private shuttingDown = false;

  constructor(
    private readonly config: PlatformConfig,
    private readonly drops: DropMonitor,
    private readonly logger: PinoLogger,
    metrics: Metrics,
    @Inject(REDIS) redis: Redis,
  ) {
    this.logger.setContext(MonitorStream.name);
    metrics.trackStreams('monitor', () => this.sessions.size);
    this.perClient = new ClientSlots(redis, {
      kind: 'monitor',
      limit: () => config.get('SSE_MAX_CLIENTS_PER_IP'),
      leaseMs: () => config.get('SSE_SLOT_LEASE_SECONDS') * 1000,
    });
  }

  get size(): number {
    return this.sessions.size;
  }

  async open(collectiveId: string | null, reply: FastifyReply): Promise<void> {
    if (this.shuttingDown || this.sessions.size >= this.config.get('SSE_MAX_CLIENTS')) {
      void reply.header('retry-after', '5');
      throw new MonitorClientsFullError();
    }
    const release = await this.perClient.take(reply.request.ip);
    if (!release) {
      void reply.header('retry-after', '5');
      throw new TooManyStreamsError();
    }
    try {
      await this.connect();
    } catch (error) {
      release();
      throw error;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, streamHeaders(reply));
    const session: MonitorSession = {
      collectiveId,
      raw,
      release,
      heartbeat: setInterval(
        () => this.write(session, ': heartbeat\n\n'),
        this.config.get('SSE_HEARTBEAT_SECONDS') * 1000,
      ),
    };
    this.sessions.add(session);
    raw.once('close', () => this.close(session));
    this.write(
      session,
      `retry: 3000\n\nevent: ready\ndata: {"scope":${JSON.stringify(collectiveId ?? 'platform')}}\n\n`,
    );
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
    for (const session of [...this.sessions]) {
      this.close(session);
      session.raw.end();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private close(session: MonitorSession): void {
    if (!this.sessions.delete(session)) return;
    clearInterval(session.heartbeat);
    session.release();
  }

  private write(session: MonitorSession, frame: string): void {
    if (session.raw.writableLength > MAX_BUFFERED_BYTES) {
      this.close(session);
      session.raw.destroy();
      return;
    }
    session.raw.write(frame);
  }

  /** One connection per process, made when the first client comes. */
  private connect(): Promise<unknown> {
    if (this.subscribed) return this.subscribed;
    const prefix = this.config.get('REDIS_PREFIX');
    const subscriber = subscriberConnection(this.config.get('REDIS_URL'), 'limited-run-monitor');
    subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error }, 'monitor subscriber connection error'),
    );
    const dropPattern = `${escapeGlob(prefix)}:inv:{drop:*}:counters`;
    const dropOf = new RegExp(`^${escapeRegExp(prefix)}:inv:\\{drop:([0-9a-f-]{36})\\}:counters$`);
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
      const dropId = dropOf.exec(channel)?.[1];
      if (dropId) void this.relayDrop(dropId, message);
    });
    subscriber.on('message', (_channel: string, message: string) => this.relayAnomaly(message));
    this.subscriber = subscriber;
    this.subscribed = Promise.all([
      subscriber.psubscribe(dropPattern),
      subscriber.subscribe(anomalyChannel(prefix)),
    ]).catch((error: unknown) => {
      this.subscribed = undefined;
      this.subscriber = undefined;
      subscriber.disconnect();
      throw error;
    });
    return this.subscribed;
  }

  private async relayDrop(dropId: string, message: string): Promise<void> {
    if (this.sessions.size === 0) return;
    const frame = `event: drop\ndata: ${message}\n\n`;
    const scoped = [...this.sessions].filter((s) => s.collectiveId !== null);
    for (const session of this.sessions)
      if (session.collectiveId === null) this.write(session, frame);
    if (scoped.length === 0) return;
    const collectiveId = await this.collectiveOf(dropId);
    for (const session of scoped) {
      if (session.collectiveId === collectiveId && this.sessions.has(session)) {
        this.write(session, frame);
      }
    }
  }

  private relayAnomaly(message: string): void {
    let event: AnomalyEvent;
    try {
      event = JSON.parse(message) as AnomalyEvent;
    } catch {
      return;
    }
    const frame = `event: anomaly\ndata: ${message}\n\n`;
    for (const session of this.sessions) {
      if (session.collectiveId === null || session.collectiveId === event.collectiveId) {
        this.write(session, frame);
      }
    }
  }

  private async collectiveOf(dropId: string): Promise<string | undefined> {
    const known = this.collectives.get(dropId);
    if (known) return known;
    try {
      const found = await this.drops.collectiveOf(dropId);
      if (found) {
        if (this.collectives.size >= COLLECTIVE_CACHE_MAX) this.collectives.clear();
        this.collectives.set(dropId, found);
      }
      return found;
    } catch (error) {
      this.logger.warn({ err: error, dropId }, 'could not tell which collective a drop is of');
      return undefined;
    }
  }
}

const escapeGlob = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
    'x-accel-buffering': 'no',
  };
}
