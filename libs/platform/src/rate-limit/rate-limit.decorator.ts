import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ErrorBody } from '../errors/error-body';
import type { RateLimitName } from './rate-limits';

export const RATE_LIMIT = 'limited-run:rate-limit';

/**
 * Counts this route's requests against the named limits (each per client IP or per user, see
 * `RATE_LIMITS`), in Redis shared by every API process. All routes naming one limit share its
 * budget. Routes without it are not limited.
 */
export const RateLimit = (...names: RateLimitName[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(RATE_LIMIT, names),
    ApiTooManyRequestsResponse({
      type: ErrorBody,
      description: 'RATE_LIMITED; the Retry-After header says how many seconds to wait.',
    }),
  );

export const RATE_LIMIT_COUNTED_BY_ROUTE = 'limited-run:rate-limit-counted-by-route';

/**
 * The route counts these limits itself, in the same budgets and with the same 429 answer as
 * `@RateLimit`, inside its own Redis script (the hold route: one round trip per request). The
 * guard leaves them alone; the metadata says which limits apply, for readers and tests.
 */
export const RateLimitCountedByRoute = (
  ...names: RateLimitName[]
): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_COUNTED_BY_ROUTE, names),
    ApiTooManyRequestsResponse({
      type: ErrorBody,
      description: 'RATE_LIMITED; the Retry-After header says how many seconds to wait.',
    }),
  );
