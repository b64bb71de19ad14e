import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { DomainError } from '../errors/domain-error';

/**
 * Takes a lease if fewer than ARGV[1] live ones are in the set: expired leases (score = expiry
 * in Redis's own milliseconds) are dropped first, so a process that died without releasing frees
 * its slots once their lease runs out. Redis's clock, not each process's, decides expiry.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return 1`;

/** Extends the leases ARGV[2..] still held in the set by ARGV[1] ms (never brings one back). */
const RENEW = `
local t = redis.call('TIME')
local expiry = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', expiry, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return 1`;

type SlotCommands = Redis & {
  clientSlotTake(key: string, limit: number, leaseMs: number, lease: string): Promise<number>;
  clientSlotRenew(key: string, leaseMs: number, ...leases: string[]): Promise<number>;
};

export interface ClientSlotsOptions {
  /** Names the kind of slot in Redis keys (`live`, `room`, `room-user`). */
  kind: string;
  /** Slots one client may hold across every API process; read at each take. */
  limit: () => number;
  /** A lease lapses this long after its holder last renewed it (renewed every third of it). */
  leaseMs: () => number;
}

/**
 * Long-lived responses (event streams) one client may hold open, counted in Redis so the cap
 * holds across every API process: without it one address (or one account) could take every
 * stream the processes serve (`SSE_MAX_CLIENTS` each) and shut fans out. Each slot is a lease
 * in a sorted set per client; the process that holds it renews it while the stream is open and
 * removes it when the stream ends, and a process that crashes stops renewing, so its slots lapse
 * within one lease instead of locking the client out.
 */
export class ClientSlots {
  private readonly redis: SlotCommands;
  /** key → leases this process holds there, renewed together. */
  private readonly held = new Map<string, Set<string>>();
  private renewer: NodeJS.Timeout | undefined;

  constructor(
    redis: Redis,
    private readonly options: ClientSlotsOptions,
  ) {
    if (!('clientSlotTake' in redis)) {
      redis.defineCommand('clientSlotTake', { numberOfKeys: 1, lua: TAKE });
      redis.defineCommand('clientSlotRenew', { numberOfKeys: 1, lua: RENEW });
    }
    this.redis = redis as SlotCommands;
  }

  /** Takes one of `client`'s slots: a release function (safe to call twice), or undefined if full. */
  async take(client: string): Promise<(() => void) | undefined> {
    const key = `client-slots:${this.options.kind}:${client}`;
    const lease = randomUUID();
    const taken = await this.redis.clientSlotTake(
      key,
      this.options.limit(),
      this.options.leaseMs(),
      lease,
    );
    if (taken !== 1) return undefined;
    const leases = this.held.get(key) ?? new Set<string>();
    leases.add(lease);
    this.held.set(key, leases);
    this.startRenewing();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const mine = this.held.get(key);
      mine?.delete(lease);
      if (mine?.size === 0) this.held.delete(key);
      if (this.held.size === 0) this.stopRenewing();
      // Best effort: a release that does not reach Redis lapses with its lease.
      this.redis.zrem(key, lease).catch(() => undefined);
    };
  }

  private startRenewing(): void {
    if (this.renewer) return;
    this.renewer = setInterval(() => this.renew(), Math.max(250, this.options.leaseMs() / 3));
    this.renewer.unref();
  }

  private stopRenewing(): void {
    clearInterval(this.renewer);
    this.renewer = undefined;
  }

  private renew(): void {
    const leaseMs = this.options.leaseMs();
    for (const [key, leases] of this.held) {
      this.redis.clientSlotRenew(key, leaseMs, ...leases).catch(() => undefined);
    }
  }
}

/** This client already holds as many streams of this kind as it may. */
export class TooManyStreamsError extends DomainError {
  constructor() {
    super(
      'TOO_MANY_STREAMS',
      'rate_limited',
      'Too many open streams from your address or account; close one first.',
    );
  }
}
