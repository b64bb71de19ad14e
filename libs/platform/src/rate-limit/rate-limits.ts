import { RATE_LIMIT_PATTERN, type Environment } from '../config/environment';

/**
 * Every named limit and the variable that sets it (`<count>/<seconds>` per client IP).
 * A new limit is one entry here plus one `@IsRateLimit()` variable in `Environment`.
 */
export const RATE_LIMITS = {
  /** Sign-up, login and refresh: slows credential stuffing and account farming. */
  auth: 'RATE_LIMIT_AUTH',
} as const satisfies Record<string, keyof Environment>;

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
