import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import {
  ClientSlots,
  DomainError,
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
import { NotInWaitingRoomError } from '../admission.errors';
import { RoomResponse } from '../dto/room.response';
import { RoomService, type RoomView } from './room.service';
import { WaitingRoom } from './waiting-room';

/** A waiting fan's standing is re-read at least this often (the estimate moves with time). */
const REFRESH_MS = 5000;
/** A client that stops reading is cut off past this much buffered output. */
const MAX_BUFFERED_BYTES = 256 * 1024;

class RoomStreamsFullError extends DomainError {
  constructor() {
    super('ROOM_STREAMS_FULL', 'unavailable', 'Too many open streams here; poll or retry.');
  }
}

/** One fan's stream of their standing in one room. */
class RoomSession {
  private last = '';
  private busy = false;
  private again = false;
  private closed = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    readonly dropId: string,
    private readonly userId: string,
    private readonly opensAt: Date,
    private readonly out: ServerResponse,
    private readonly rooms: RoomService,
    private readonly onClose: (session: RoomSession) => void,
    private readonly warn: (error: unknown) => void,
  ) {}

  start(heartbeatMs: number, first: RoomView): void {
    this.out.write('retry: 3000\n\n');
    this.send(first);
    const beat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    const refresh = setInterval(() => this.refresh(), REFRESH_MS);
    beat.unref();
    refresh.unref();
    this.timers = [beat, refresh];
  }

  /** Re-reads the standing; concurrent calls collapse into one more read. */
  refresh(): void {
    if (this.closed) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    void (async () => {
      try {
        do {
          this.again = false;
          const view = await this.rooms.current(this.userId, this.dropId, this.opensAt);
          if (!view) {
            this.close();
            return;
          }
          this.send(view);
        } while (this.again && !this.closed);
      } catch (error) {
        this.warn(error);
      } finally {
        this.busy = false;
      }
    })();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    if (!this.out.writableEnded) this.out.end();
    this.onClose(this);
  }

  private send(view: RoomView): void {
    const data = JSON.stringify(RoomResponse.from(view));
    if (data === this.last) return;
    this.last = data;
    this.write(`event: status\ndata: ${data}\n\n`);
    if (view.status === 'closed') this.close();
  }

  private write(frame: string): void {
    if (this.closed || this.out.writableEnded) return;
    if (this.out.writableLength > MAX_BUFFERED_BYTES) {
      this.close();
      return;
    }
    this.out.write(frame);
  }
}

/**
 * Server-sent events for fans in waiting rooms. One subscriber connection per API process
 * listens to the rooms its clients are in; each announcement (fans let in, sold out, units
 * back, the opening) makes every local client re-read its own standing, so the moment nothing
 * is left every waiter hears it at once.
 */
@Injectable()
export class RoomStreams implements BeforeApplicationShutdown, OnApplicationShutdown {
  private subscriber?: Redis;
  private readonly sessions = new Map<string, Set<RoomSession>>();
  /** Per channel: streams open or opening; the channel is unsubscribed when it drops to 0. */
  private readonly watchers = new Map<string, number>();
  private count = 0;
  private shuttingDown = false;
  private readonly perAddress: ClientSlots;
  private readonly perUser: ClientSlots;

  constructor(
    private readonly rooms: RoomService,
    private readonly room: WaitingRoom,
    private readonly config: PlatformConfig,
    private readonly logger: PinoLogger,
    @Inject(REDIS) redis: Redis,
    metrics: Metrics,
  ) {
    this.logger.setContext(RoomStreams.name);
    metrics.trackStreams('room', () => this.count);
    const leaseMs = () => config.get('SSE_SLOT_LEASE_SECONDS') * 1000;
    this.perAddress = new ClientSlots(redis, {
      kind: 'room',
      limit: () => config.get('SSE_MAX_CLIENTS_PER_IP'),
      leaseMs,
    });
    this.perUser = new ClientSlots(redis, {
      kind: 'room-user',
      limit: () => config.get('SSE_MAX_ROOM_STREAMS_PER_USER'),
      leaseMs,
    });
  }

  /** Answers `GET /drops/:drop/room/me/events`; refuses (404, 409, 503) before streaming. */
  async open(userId: string, dropId: string, reply: FastifyReply): Promise<void> {
    if (this.shuttingDown || this.count >= this.config.get('SSE_MAX_CLIENTS')) {
      void reply.header('retry-after', '5');
      throw new RoomStreamsFullError();
    }
    const releaseSlot = await this.takeSlots(userId, reply.request.ip);
    if (!releaseSlot) {
      void reply.header('retry-after', '5');
      throw new TooManyStreamsError();
    }
    let drop: Awaited<ReturnType<RoomService['roomDrop']>>;
    try {
      drop = await this.rooms.roomDrop(dropId);
    } catch (error) {
      releaseSlot();
      throw error;
    }
    const channel = this.room.channel(dropId);
    this.watchers.set(channel, (this.watchers.get(channel) ?? 0) + 1);
    let first: RoomView | null;
    try {
      // Subscribed before the first read, so no announcement after it is missed.
      await this.connection().subscribe(channel);
      first = await this.rooms.current(userId, dropId, drop.startsAt);
      if (!first) throw new NotInWaitingRoomError();
    } catch (error) {
      this.release(channel);
      releaseSlot();
      throw error;
    }
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, this.headers(reply));
    const session = new RoomSession(
      dropId,
      userId,
      drop.startsAt,
      out,
      this.rooms,
      (ended) => {
        releaseSlot();
        if (this.sessions.get(channel)?.delete(ended)) {
          this.count--;
          this.release(channel);
        }
      },
      (error) => this.logger.warn({ err: error, dropId }, 'room stream refresh failed'),
    );
    const set = this.sessions.get(channel) ?? new Set<RoomSession>();
    set.add(session);
    this.sessions.set(channel, set);
    this.count++;
    out.once('close', () => session.close());
    session.start(this.config.get('SSE_HEARTBEAT_SECONDS') * 1000, first);
  }

  /** One slot of the account's and one of the address's, or none (and nothing held). */
  private async takeSlots(userId: string, ip: string): Promise<(() => void) | undefined> {
    const user = await this.perUser.take(userId);
    if (!user) return undefined;
    const address = await this.perAddress.take(ip).catch((error: unknown) => {
      user();
      throw error;
    });
    if (!address) {
      user();
      return undefined;
    }
    return () => {
      address();
      user();
    };
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
    for (const set of [...this.sessions.values()]) for (const session of [...set]) session.close();
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  /** One stream fewer; unsubscribes from a room nobody here watches any more. */
  private release(channel: string): void {
    const left = (this.watchers.get(channel) ?? 1) - 1;
    if (left > 0) {
      this.watchers.set(channel, left);
      return;
    }
    this.watchers.delete(channel);
    this.sessions.delete(channel);
    // Commands on one connection run in order: a later SUBSCRIBE to the same channel wins.
    this.subscriber?.unsubscribe(channel).catch(() => undefined);
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = subscriberConnection(this.config.get('REDIS_URL'), 'limited-run-room');
    subscriber.on('message', (channel: string) => {
      for (const session of this.sessions.get(channel) ?? []) session.refresh();
    });
    // After a reconnect ioredis re-subscribes; announcements in between are gone, so re-read.
    subscriber.on('ready', () => {
      for (const set of this.sessions.values()) for (const session of set) session.refresh();
    });
    subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error }, 'room subscriber connection error'),
    );
    this.subscriber = subscriber;
    return subscriber;
  }

  private headers(reply: FastifyReply): OutgoingHttpHeaders {
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
}
