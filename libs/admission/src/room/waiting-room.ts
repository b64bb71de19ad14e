import { PlatformConfig, REDIS } from '@limited-run/platform';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { ACTIVE_ROOMS_KEY, LATE_ARRIVAL_BASE, roomChannel, roomKeys } from './room-keys';

/** How long a room's keys outlive its last change. */
const RETENTION_MS = 7 * 24 * 3600 * 1000;
/** Drawn places written per script call, so a huge pre-queue never blocks Redis for long. */
const INSTALL_CHUNK = 1000;

/** Redis's own clock in ms: one clock for every process's arrivals and admissions. */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * A fan arrives. Before the opening (phase `pre` and Redis's clock before startsAt) they join
 * the pre-queue, whose order is drawn at the opening; afterwards they queue in arrival order
 * behind every drawn place. Arriving again changes nothing, except after a lapsed admission,
 * which sends the fan to the back.
 * KEYS: meta, pre, queue, admitted, tickets, holders. ARGV: user, new ticket, startsAt ms,
 * admission ms, retention ms. Returns {where, created (1 if this made the room)}.
 */
const JOIN = `${NOW}
local user = ARGV[1]
local admittedAt = redis.call('ZSCORE', KEYS[4], user)
if admittedAt then
  if now - tonumber(admittedAt) < tonumber(ARGV[4]) then return {'admitted', 0} end
  redis.call('ZREM', KEYS[4], user)
end
if redis.call('ZSCORE', KEYS[3], user) then return {'queued', 0} end
if redis.call('ZSCORE', KEYS[2], user) then return {'pre', 0} end
local created = 0
local phase = redis.call('HGET', KEYS[1], 'phase')
if not phase then
  phase = 'pre'
  created = 1
  redis.call('HSET', KEYS[1], 'phase', 'pre', 'seq', 0, 'credit', 0, 'lastTick', now,
    'soldOut', 0, 'admittedCount', 0)
end
if phase == 'closed' then return {'closed', 0} end
if phase == 'pre' then redis.call('HSET', KEYS[1], 'startsAt', ARGV[3]) end
local ticket = redis.call('HGET', KEYS[5], user)
if not ticket then
  ticket = ARGV[2]
  redis.call('HSET', KEYS[5], user, ticket)
  redis.call('HSET', KEYS[6], ticket, user)
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
local where = 'queued'
if phase == 'pre' and now < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[2], seq, user)
  where = 'pre'
else
  redis.call('ZADD', KEYS[3], ${LATE_ARRIVAL_BASE} + seq, user)
end
for i = 1, 6 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
return {where, created}
`;

/**
 * One fan's standing. KEYS: meta, pre, queue, admitted, tickets. ARGV: user.
 * Returns {phase, soldOut, where, rank or admittedAt, preCount, queueCount, ticket}.
 */
const STATUS = `
local meta = redis.call('HMGET', KEYS[1], 'phase', 'soldOut')
local phase = meta[1] or ''
local soldOut = meta[2] or '0'
local user = ARGV[1]
local ticket = redis.call('HGET', KEYS[5], user) or ''
local preCount = redis.call('ZCARD', KEYS[2])
local queueCount = redis.call('ZCARD', KEYS[3])
local admittedAt = redis.call('ZSCORE', KEYS[4], user)
if admittedAt then return {phase, soldOut, 'admitted', admittedAt, preCount, queueCount, ticket} end
local rank = redis.call('ZRANK', KEYS[3], user)
if rank then return {phase, soldOut, 'queued', tostring(rank), preCount, queueCount, ticket} end
if redis.call('ZSCORE', KEYS[2], user) then
  return {phase, soldOut, 'pre', '0', preCount, queueCount, ticket}
end
return {phase, soldOut, 'absent', '0', preCount, queueCount, ticket}
`;

/**
 * Freezes the pre-queue for the draw: from now on every arrival queues behind it. Returns
 * {phase before} then the pre-queue's tickets. KEYS: meta, pre, tickets.
 */
const FREEZE = `
local phase = redis.call('HGET', KEYS[1], 'phase')
if not phase then return {'none'} end
if phase ~= 'pre' and phase ~= 'shuffling' then return {phase} end
redis.call('HSET', KEYS[1], 'phase', 'shuffling')
local out = {'shuffling'}
for _, user in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  out[#out + 1] = redis.call('HGET', KEYS[3], user)
end
return out
`;

/** Writes drawn places: ARGV[1] is the first rank, then tickets. KEYS: queue, holders. */
const INSTALL = `
local rank = tonumber(ARGV[1])
for i = 2, #ARGV do
  local user = redis.call('HGET', KEYS[2], ARGV[i])
  if user then redis.call('ZADD', KEYS[1], rank + i - 2, user) end
end
return 1
`;

/** The pre-queue is in the queue: admission may start. KEYS: meta, pre. */
const OPEN = `${NOW}
if redis.call('HGET', KEYS[1], 'phase') ~= 'shuffling' then return 0 end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'phase', 'open', 'openedAt', now, 'lastTick', now, 'credit', 0)
return 1
`;

/**
 * One admission step: credit accrues at ARGV[1] fans per second (at most a second's worth
 * banked) and whole credits let the head of the queue through. With nothing left to hold
 * (ARGV[2] = 0) nobody is let in and the room says so. KEYS: meta, queue, admitted.
 * Returns {admitted now, 1 if soldOut changed, queue length}.
 */
const TICK = `${NOW}
if redis.call('HGET', KEYS[1], 'phase') ~= 'open' then return {-1, 0, 0} end
local rate = tonumber(ARGV[1])
local wasSoldOut = redis.call('HGET', KEYS[1], 'soldOut') == '1'
if ARGV[2] == '0' then
  redis.call('HSET', KEYS[1], 'soldOut', 1, 'lastTick', now, 'credit', 0)
  return {0, wasSoldOut and 0 or 1, redis.call('ZCARD', KEYS[2])}
end
local last = tonumber(redis.call('HGET', KEYS[1], 'lastTick') or now)
local credit = tonumber(redis.call('HGET', KEYS[1], 'credit') or '0') + (now - last) * rate / 1000
if credit > rate then credit = rate end
local admitted = 0
local n = math.floor(credit)
if n > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[2], n)
  for i = 1, #popped, 2 do
    redis.call('ZADD', KEYS[3], now, popped[i])
    admitted = admitted + 1
  end
  credit = credit - admitted
end
local left = redis.call('ZCARD', KEYS[2])
-- Credit does not pile up while nobody waits: a crowd arriving later is still paced.
if left == 0 then credit = 0 end
redis.call('HSET', KEYS[1], 'soldOut', 0, 'lastTick', now, 'credit', tostring(credit))
if admitted > 0 then redis.call('HINCRBY', KEYS[1], 'admittedCount', admitted) end
return {admitted, wasSoldOut and 1 or 0, left}
`;

/** Take or renew the room's ticking lease. KEYS: lease. ARGV: owner, ms. */
const LEASE = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

type Reply = Array<string | number>;
type RoomRedis = Redis & {
  roomJoin(...args: Array<string | number>): Promise<[string, number]>;
  roomStatus(...args: Array<string | number>): Promise<Reply>;
  roomFreeze(...args: string[]): Promise<string[]>;
  roomInstall(...args: Array<string | number>): Promise<number>;
  roomOpen(...args: string[]): Promise<number>;
  roomTick(...args: Array<string | number>): Promise<[number, number, number]>;
  roomLease(...args: Array<string | number>): Promise<number>;
};

export type RoomPhase = 'pre' | 'shuffling' | 'open' | 'closed';
export type RoomPlace = 'admitted' | 'queued' | 'pre' | 'absent';

export interface RoomStanding {
  /** Null when the drop has no room (nobody ever arrived). */
  phase: RoomPhase | null;
  soldOut: boolean;
  place: RoomPlace;
  /** 0-based rank in the queue (`queued`). */
  rank: number | null;
  /** When the fan was let in, epoch ms (`admitted`). */
  admittedAt: number | null;
  preCount: number;
  queueCount: number;
  ticket: string | null;
}

export interface TickOutcome {
  admitted: number;
  soldOutChanged: boolean;
  waiting: number;
}

/**
 * A drop's waiting room, entirely in Redis (sorted sets in the drop's hash slot), so every API
 * and worker process sees one room and none keeps any of it in memory. Each step is one Lua
 * script: arrivals, the freeze of the pre-queue, the drawn order's installation, admission.
 */
@Injectable()
export class WaitingRoom {
  private readonly redis: RoomRedis;
  private readonly prefix: string;

  constructor(@Inject(REDIS) redis: Redis, config: PlatformConfig) {
    this.prefix = config.get('REDIS_PREFIX');
    redis.defineCommand('roomJoin', { numberOfKeys: 6, lua: JOIN });
    redis.defineCommand('roomStatus', { numberOfKeys: 5, lua: STATUS });
    redis.defineCommand('roomFreeze', { numberOfKeys: 3, lua: FREEZE });
    redis.defineCommand('roomInstall', { numberOfKeys: 2, lua: INSTALL });
    redis.defineCommand('roomOpen', { numberOfKeys: 2, lua: OPEN });
    redis.defineCommand('roomTick', { numberOfKeys: 3, lua: TICK });
    redis.defineCommand('roomLease', { numberOfKeys: 1, lua: LEASE });
    this.redis = redis as RoomRedis;
  }

  channel(dropId: string): string {
    return roomChannel(this.prefix, dropId);
  }

  /** `created`: this arrival opened the room (the caller schedules its opening). */
  async join(
    dropId: string,
    userId: string,
    ticket: string,
    startsAt: Date,
    admissionMs: number,
  ): Promise<{ where: 'admitted' | 'queued' | 'pre' | 'closed'; created: boolean }> {
    const k = roomKeys(dropId);
    const [where, created] = await this.redis.roomJoin(
      k.meta,
      k.pre,
      k.queue,
      k.admitted,
      k.tickets,
      k.holders,
      userId,
      ticket,
      startsAt.getTime(),
      admissionMs,
      RETENTION_MS,
    );
    if (created === 1) await this.redis.sadd(ACTIVE_ROOMS_KEY, dropId);
    return { where: where as 'admitted' | 'queued' | 'pre' | 'closed', created: created === 1 };
  }

  async standing(dropId: string, userId: string): Promise<RoomStanding> {
    const k = roomKeys(dropId);
    const [phase, soldOut, place, position, preCount, queueCount, ticket] =
      await this.redis.roomStatus(k.meta, k.pre, k.queue, k.admitted, k.tickets, userId);
    return {
      phase: phase === '' ? null : (phase as RoomPhase),
      soldOut: soldOut === '1',
      place: place as RoomPlace,
      rank: place === 'queued' ? Number(position) : null,
      admittedAt: place === 'admitted' ? Number(position) : null,
      preCount: Number(preCount),
      queueCount: Number(queueCount),
      ticket: ticket === '' ? null : String(ticket),
    };
  }

  /** The room's phase, or null if the drop has none. */
  async phase(dropId: string): Promise<RoomPhase | null> {
    return (await this.redis.hget(roomKeys(dropId).meta, 'phase')) as RoomPhase | null;
  }

  /** Freezes the pre-queue; returns its tickets, or null if the room is past that (or absent). */
  async freeze(dropId: string): Promise<{ phase: RoomPhase | 'none'; tickets: string[] }> {
    const k = roomKeys(dropId);
    const [phase, ...tickets] = await this.redis.roomFreeze(k.meta, k.pre, k.tickets);
    return { phase: phase as RoomPhase | 'none', tickets };
  }

  /** Puts the drawn order in the queue (ranks 1..n) and lets admission begin. */
  async open(dropId: string, orderedTickets: readonly string[]): Promise<boolean> {
    const k = roomKeys(dropId);
    for (let i = 0; i < orderedTickets.length; i += INSTALL_CHUNK) {
      const chunk = orderedTickets.slice(i, i + INSTALL_CHUNK);
      await this.redis.roomInstall(k.queue, k.holders, i + 1, ...chunk);
    }
    return (await this.redis.roomOpen(k.meta, k.pre)) === 1;
  }

  async tick(
    dropId: string,
    admitPerSecond: number,
    unitsLeft: boolean,
  ): Promise<TickOutcome | null> {
    const k = roomKeys(dropId);
    const [admitted, changed, waiting] = await this.redis.roomTick(
      k.meta,
      k.queue,
      k.admitted,
      admitPerSecond,
      unitsLeft ? 1 : 0,
    );
    if (admitted < 0) return null;
    return { admitted, soldOutChanged: changed === 1, waiting };
  }

  /** The drop ended: the room lets nobody else in and is no longer ticked. */
  async close(dropId: string): Promise<void> {
    await this.redis.hset(roomKeys(dropId).meta, 'phase', 'closed');
    await this.redis.srem(ACTIVE_ROOMS_KEY, dropId);
  }

  async activeRooms(): Promise<string[]> {
    return this.redis.smembers(ACTIVE_ROOMS_KEY);
  }

  async lease(dropId: string, owner: string, ms: number): Promise<boolean> {
    return (await this.redis.roomLease(roomKeys(dropId).ticker, owner, ms)) === 1;
  }

  /** Tells every process serving this room's streams that something changed. */
  async announce(dropId: string, event: Record<string, unknown>): Promise<void> {
    await this.redis.publish(this.channel(dropId), JSON.stringify({ dropId, ...event }));
  }
}
