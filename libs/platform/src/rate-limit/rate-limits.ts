import { RATE_LIMIT_PATTERN, type Environment } from '../config/environment';

/** Whom a limit counts: the client IP, or the signed-in user (the IP for anonymous calls). */
export type RateLimitTracker = 'ip' | 'user';

export interface RateLimitDefinition {
  variable: keyof Environment;
  tracker: RateLimitTracker;
}

/**
 * Every named limit, the variable that sets it (`<count>/<seconds>`) and whom it counts.
 * A new limit is one entry here plus one `@IsRateLimit()` variable in `Environment`.
 */
export const RATE_LIMITS = {
  /** Sign-up, login and refresh: slows credential stuffing and account farming. */
  auth: { variable: 'RATE_LIMIT_AUTH', tracker: 'ip' },
  /** Hold attempts by one fan, whatever address they come from. */
  holdsPerFan: { variable: 'RATE_LIMIT_HOLDS_PER_FAN', tracker: 'user' },
  /** Hold attempts from one address, whichever accounts it uses. */
  holdsPerIp: { variable: 'RATE_LIMIT_HOLDS_PER_IP', tracker: 'ip' },
  /** Joining or leaving a waitlist, or entering a waiting room, by one fan. */
  waitlist: { variable: 'RATE_LIMIT_WAITLIST', tracker: 'user' },
  /** Entering or withdrawing from a raffle, by one fan. */
  raffle: { variable: 'RATE_LIMIT_RAFFLE', tracker: 'user' },
  /** Waitlist, raffle and waiting-room joins from one address, whichever accounts it uses. */
  entriesPerIp: { variable: 'RATE_LIMIT_ENTRIES_PER_IP', tracker: 'ip' },
  /** Fairness proof downloads from one address (a drawn proof is a large, immutable file). */
  proofDownloads: { variable: 'RATE_LIMIT_PROOF_DOWNLOADS', tracker: 'ip' },
} as const satisfies Record<string, RateLimitDefinition>;

export type RateLimitName = keyof typeof RATE_LIMITS;

export interface RateLimitWindow {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

/** Parses a value `Environment` has already validated. */
export function parseRateLimit(value: string): RateLimitWindow {
  const match = RATE_LIMIT_PATTERN.exec(value);
  if (!match) throw new Error(`"${value}" is not <count>/<seconds>`);
  return { limit: Number(match[1]), windowSeconds: Number(match[2]) };
}

/**
 * Whom a hit is counted against, as the guard's trackers spell it: `user:<id>` for a signed-in
 * fan, else `ip:<address>`, and for a per-IP limit the bare address (the throttler's default).
 */
export function rateLimitTracker(
  tracker: RateLimitTracker,
  client: { userId?: string; ip: string },
): string {
  if (tracker === 'ip') return client.ip;
  return client.userId ? `user:${client.userId}` : `ip:${client.ip}`;
}
