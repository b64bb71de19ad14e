// Every Redis name the waiting room uses. A drop's keys share the hash slot `{drop:<id>}`, as
// the admission gate's do, so each script touches one slot (Redis Cluster spreads drops).

/** Keys relative to `REDIS_PREFIX:` (the shared connection adds it). */
export const roomKeys = (dropId: string) => {
  const base = `room:{drop:${dropId}}`;
  return {
    /** Hash: phase (pre | shuffling | open | closed), startsAt, seq, credit, lastTick, soldOut, admittedCount. */
    meta: `${base}:meta`,
    /** Sorted set: fans who arrived before the opening, by arrival (order drawn at the opening). */
    pre: `${base}:pre`,
    /** Sorted set: fans waiting to be let in, by place (drawn rank, then 1e12 + arrival). */
    queue: `${base}:queue`,
    /** Sorted set: fans let in, by the millisecond they were. */
    admitted: `${base}:admitted`,
    /** Hash: fan → public ticket id (the entry id in the queue proof). */
    tickets: `${base}:tickets`,
    /** Hash: ticket id → fan. */
    holders: `${base}:holders`,
    /** String: the worker currently ticking this room (a lease). */
    ticker: `${base}:ticker`,
  };
};

/** Drops whose room the workers tick; a global index, read with SMEMBERS (never KEYS). */
export const ACTIVE_ROOMS_KEY = 'room:active';

/**
 * The room's pub/sub channel, with the prefix spelled out: ioredis's `keyPrefix` applies to
 * keys only, never to channels.
 */
export const roomChannel = (redisPrefix: string, dropId: string): string =>
  `${redisPrefix}:room:{drop:${dropId}}:events`;

/** Late arrivals queue after every drawn pre-queue place (ranks 1..n): 1e12 + arrival number. */
export const LATE_ARRIVAL_BASE = 1e12;
