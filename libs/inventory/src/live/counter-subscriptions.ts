import { PlatformConfig, subscriberConnection } from '@limited-run/platform';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import type { LiveEvent } from './line-counters';
import { liveChannel } from './live-keys';
import { LiveCountersUnavailableError } from './live-counters.errors';
import { eventFrame } from './sse-frames';

/** How long a new stream waits for Redis to confirm its subscription before a 503. */
const SUBSCRIBE_TIMEOUT_MS = 5000;

export interface CounterListener {
  /** A published change, with its SSE frame (built once per process, not once per client). */
  onEvent(event: LiveEvent, frame: string): void;
  /** The subscriber connection was re-established: events in between may have been missed. */
  onReconnect(): void;
}

interface Channel {
  listeners: Set<CounterListener>;
  subscribed: Promise<unknown>;
}

/**
 * This process's one subscriber connection (a connection in subscribe mode can do nothing
 * else, so it cannot be the shared `REDIS` client). A drop's channel is subscribed while at
 * least one local stream watches it, and each message is fanned out to those streams; other
 * processes serve their own clients from their own subscriptions.
 */
@Injectable()
export class CounterSubscriptions implements OnApplicationShutdown {
  private subscriber?: Redis;
  private readonly channels = new Map<string, Channel>();
  private connectedBefore = false;

  constructor(
    private readonly config: PlatformConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CounterSubscriptions.name);
  }

  /**
   * Delivers the drop's events to `listener` from now on. Resolves once Redis has confirmed
   * the subscription, so every event published afterwards will arrive; returns `stop`.
   */
  async listen(dropId: string, listener: CounterListener): Promise<() => void> {
    const name = liveChannel(this.config.get('REDIS_PREFIX'), dropId);
    let channel = this.channels.get(name);
    if (!channel) {
      channel = { listeners: new Set(), subscribed: this.connection().subscribe(name) };
      // Each listener awaits it with a timeout; a refusal arriving after every one gave up is
      // no longer anybody's to handle.
      channel.subscribed.catch(() => undefined);
      this.channels.set(name, channel);
    }
    const joined = channel;
    joined.listeners.add(listener);
    const stop = (): void => {
      if (!joined.listeners.delete(listener) || joined.listeners.size > 0) return;
      if (this.channels.get(name) !== joined) return;
      this.channels.delete(name);
      // Commands on one connection run in order: a later SUBSCRIBE to the same channel wins.
      this.subscriber?.unsubscribe(name).catch(() => undefined);
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        joined.subscribed,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('subscribe timed out')), SUBSCRIBE_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      stop();
      throw new LiveCountersUnavailableError(error);
    } finally {
      clearTimeout(timer);
    }
    return stop;
  }

  async onApplicationShutdown(): Promise<void> {
    this.channels.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  /** Created on the first stream, so processes that serve none hold no extra connection. */
  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = subscriberConnection(this.config.get('REDIS_URL'), 'limited-run-live');
    subscriber.on('message', (name: string, message: string) => this.deliver(name, message));
    subscriber.on('ready', () => {
      // ioredis re-subscribes by itself after a reconnect; what was published meanwhile is gone.
      if (this.connectedBefore) {
        for (const channel of this.channels.values()) {
          for (const listener of channel.listeners) listener.onReconnect();
        }
      }
      this.connectedBefore = true;
    });
    subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error }, 'live counters subscriber connection error'),
    );
    this.subscriber = subscriber;
    return subscriber;
  }

  private deliver(name: string, message: string): void {
    const channel = this.channels.get(name);
    if (!channel) return;
    let event: LiveEvent;
    try {
      event = JSON.parse(message) as LiveEvent;
    } catch {
      return;
    }
    if (!Number.isSafeInteger(event.seq)) return;
    const frame = eventFrame(event, message);
    for (const listener of channel.listeners) listener.onEvent(event, frame);
  }
}
