import { PlatformConfig, REDIS } from '@limited-run/platform';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import type { Anomaly } from './anomaly.entity';

/** What the monitor stream tells about an anomaly: enough to list it, the rest by REST. */
export interface AnomalyEvent {
  id: string;
  kind: string;
  status: string;
  collectiveId: string | null;
  dropId: string | null;
  summary: string;
  raisedAt: string;
}

/**
 * The pub/sub channel of anomaly changes, prefix spelled out (ioredis's `keyPrefix` applies to
 * keys, not channels), so two deployments sharing a Redis never hear each other.
 */
export const anomalyChannel = (redisPrefix: string): string => `${redisPrefix}:monitor:anomalies`;

/** Publishes committed anomaly changes for the monitor streams of every API process. */
@Injectable()
export class AnomalyEvents {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: PlatformConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AnomalyEvents.name);
  }

  /** Call after commit. A lost live update must not fail the change: the list is the truth. */
  async publish(anomalies: readonly Anomaly[]): Promise<void> {
    const channel = anomalyChannel(this.config.get('REDIS_PREFIX'));
    try {
      for (const anomaly of anomalies) {
        const event: AnomalyEvent = {
          id: anomaly.id,
          kind: anomaly.kind,
          status: anomaly.status,
          collectiveId: anomaly.collectiveId,
          dropId: anomaly.dropId,
          summary: anomaly.summary,
          raisedAt: anomaly.raisedAt.toISOString(),
        };
        await this.redis.publish(channel, JSON.stringify(event));
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not publish anomaly changes');
    }
  }
}
