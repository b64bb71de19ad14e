/**
 * The account-and-session check of a route that does it inside its own Redis script (the hold
 * route, docs/benchmarks.md "Declines at the ceiling"), handed over by the access guard once the
 * token itself is verified. Identity owns the cache's format; the route only runs the check.
 */
export interface DeferredSessionCheck {
  userId: string;
  sessionId: string;
  /** Redis keys (before `REDIS_PREFIX:`) of the cached account state and session state. */
  userKey: string;
  sessionKey: string;
  /** The session entry's value while the session is live for this user. */
  liveSessionValue: string;
  /**
   * The slow path, when the cached state did not pass: reads through to Postgres as the guard
   * does and rejects with the guard's refusal (401/403), or resolves if the fan may go on.
   */
  confirm(): Promise<void>;
}
