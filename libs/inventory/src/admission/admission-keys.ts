/**
 * Redis keys of a drop's admission gate. All share the hash slot `{drop:<id>}` so one Lua
 * script can touch them together, also on Redis Cluster.
 */
export const admissionKeys = (dropId: string) => {
  const slot = `inv:{drop:${dropId}}`;
  return {
    /** HASH variantId → units still admissible; field `__ready` marks a complete rebuild. */
    available: `${slot}:avail`,
    /** HASH userId → units the fan holds or bought in this drop. */
    fans: `${slot}:fans`,
    /** STRING lock taken while the counters are rebuilt from Postgres. */
    rebuilding: `${slot}:rebuilding`,
    /** HASH variantId → shortfall seen by the last reconciliation (repaired if it persists). */
    drift: `${slot}:drift`,
    idempotency: (userId: string, key: string) => `${slot}:idem:${userId}:${key}`,
  };
};

export const READY_FIELD = '__ready';
