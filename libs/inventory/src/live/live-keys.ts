// Every Redis name the live counters use. A drop's keys share the hash slot `{drop:<id>}`
// (as the admission gate's do) so one script can touch them all, also on Redis Cluster.

/** Keys, relative to `REDIS_PREFIX:` (the shared connection adds it). */
export const liveKeys = (dropId: string) => {
  const base = `inv:{drop:${dropId}}`;
  return {
    /** The drop's last sequence number (INCR). */
    seq: `${base}:seq`,
    /** Recent events, capped, for clients resuming with Last-Event-ID. Entry id = `<seq>-0`. */
    events: `${base}:events`,
    /** Per variant, the counters last published (`allocated:held:sold`), for the settle pass. */
    shown: `${base}:shown`,
    /** The availability view, micro-cached. */
    availability: `${base}:availability`,
  };
};

/**
 * The drop's pub/sub channel, with the prefix spelled out: ioredis's `keyPrefix` applies to
 * keys only, never to channels, and two deployments (or two test files) sharing a Redis must
 * not hear each other's drops.
 */
export const liveChannel = (redisPrefix: string, dropId: string): string =>
  `${redisPrefix}:inv:{drop:${dropId}}:counters`;
