import { REDIS } from '@limited-run/platform';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';

/** One hash for the whole platform: field `<dropId>:<variantId>` → epoch ms drift was first seen. */
const DRIFT_SINCE_KEY = 'monitor:drift-since';
/** Forgotten a day after the last drift anyone looked at: the key never outlives its use. */
const RETENTION_SECONDS = 86_400;

export interface LineDriftReading {
  dropId: string;
  variantId: string;
  /** Gate minus truth; 0 when they agree. */
  drift: number;
}

/**
 * Remembers since when each line's admission gate has disagreed with Postgres, so the monitor
 * can tell a unit in flight (drift a moment old) from a gate that is wrong (drift minutes old).
 * Updated whenever the monitor reads the figures; cleared when they agree again.
 */
@Injectable()
export class DriftTracker {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Records the readings; returns, per `<dropId>:<variantId>` that drifts, since when (ms). */
  async observe(readings: readonly LineDriftReading[]): Promise<Map<string, number>> {
    if (readings.length === 0) return new Map();
    const now = Date.now();
    const write = this.redis.multi();
    for (const reading of readings) {
      const field = `${reading.dropId}:${reading.variantId}`;
      if (reading.drift === 0) write.hdel(DRIFT_SINCE_KEY, field);
      else write.hsetnx(DRIFT_SINCE_KEY, field, String(now));
    }
    write.expire(DRIFT_SINCE_KEY, RETENTION_SECONDS);
    const drifting = readings.filter((r) => r.drift !== 0);
    const fields = drifting.map((r) => `${r.dropId}:${r.variantId}`);
    if (fields.length > 0) write.hmget(DRIFT_SINCE_KEY, ...fields);
    const results = (await write.exec()) ?? [];
    const since = new Map<string, number>();
    if (fields.length > 0) {
      const values = (results.at(-1)?.[1] ?? []) as Array<string | null>;
      fields.forEach((field, i) => since.set(field, Number(values[i] ?? now)));
    }
    return since;
  }
}
