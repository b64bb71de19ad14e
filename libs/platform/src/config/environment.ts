import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateBy,
  ValidationArguments,
  ValidationError,
} from 'class-validator';
import { areCorsOrigins } from '../http/cors-origins';
import { trustProxyProblem } from '../http/trust-proxy';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** A TCP port given as a string; 0 lets the OS pick one (tests). */
const IsPort = (): PropertyDecorator =>
  applyDecorators(Transform(toInt), IsInt(), Min(0), Max(65535));

/** `<count>/<seconds>`, both positive whole numbers: `10/60` is ten requests a minute. */
export const RATE_LIMIT_PATTERN = /^([1-9]\d{0,5})\/([1-9]\d{0,5})$/;

/** A named rate limit (see `RATE_LIMITS` in rate-limit/rate-limits.ts). */
const IsRateLimit = (): PropertyDecorator =>
  Matches(RATE_LIMIT_PATTERN, {
    message: ({ property }: ValidationArguments) =>
      `${property} must be <count>/<seconds> with two positive whole numbers, e.g. 10/60`,
  });

const IsTrustProxy = (): PropertyDecorator =>
  ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && !trustProxyProblem(value),
      defaultMessage: ({ property, value }: ValidationArguments) =>
        `${property} must be false, true, a hop count, or a comma-separated list of addresses, ` +
        `CIDRs, loopback, linklocal or uniquelocal` +
        (typeof value === 'string' ? ` (${trustProxyProblem(value)})` : ''),
    },
  });

const IsCorsOrigins = (): PropertyDecorator =>
  ValidateBy({
    name: 'isCorsOrigins',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && areCorsOrigins(value),
      defaultMessage: ({ property }: ValidationArguments) =>
        `${property} must be a comma-separated list of origins such as https://shop.example.com ` +
        `(scheme, host and optional port; no path or trailing slash)`,
    },
  });

/**
 * Every environment variable the platform reads. `.env.example` documents each one;
 * keep the two in step (a unit test compares them).
 */
export class Environment {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @IsString()
  @IsNotEmpty()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsString()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key and Bull queue, so several deployments or test runs can share one Redis. */
  @IsString()
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, {
    message: 'REDIS_PREFIX must be 1-64 characters of letters, digits, ":", "_" or "-"',
  })
  REDIS_PREFIX = 'lr';

  @IsString()
  @IsNotEmpty()
  API_HOST = '127.0.0.1';

  @IsPort()
  API_PORT = 3000;

  @IsString()
  @IsNotEmpty()
  WORKER_HOST = '127.0.0.1';

  @IsPort()
  WORKER_PORT = 3001;

  /**
   * Which peers may tell us the client's address in X-Forwarded-For. Trusting every peer lets
   * any client pick its own address and so dodge per-IP rate limits; hence none by default.
   */
  @IsTrustProxy()
  TRUST_PROXY = 'false';

  /** Browser origins allowed to call the API with credentials; empty: same-origin only. */
  @IsCorsOrigins()
  CORS_ORIGINS = '';

  @IsRateLimit()
  RATE_LIMIT_AUTH = '10/60';

  /**
   * How often the worker's safety-net sweep opens and closes drops that are due, in case a
   * delayed job was lost or no worker was running at the moment. The worst-case lateness.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  DROP_SWEEP_SECONDS = 5;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * Signs access tokens (HS256). At least 32 characters; every API process must share it.
   * Required by the API only (see `requiredVariables`); `npm start` generates one into .data/.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string;

  /** Lifetime of an access token: short, because only a refresh re-checks the session in Postgres. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** Human-readable log lines instead of JSON (development only). */
  @IsOptional()
  @IsIn(['true', 'false'])
  LOG_PRETTY?: 'true' | 'false';
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

/** One line per variable: `API_PORT: must be an integer number (got "eighty")`. */
function describe(errors: ValidationError[]): string[] {
  return errors.map((error) => {
    if (error.value === undefined) return `${error.property}: is required`;
    const reasons = Object.values(error.constraints ?? {}).map((m) =>
      m.replace(`${error.property} `, ''),
    );
    // Even a wrong secret may be most of the right one: never echo it into a log.
    const got = SECRET_VARIABLES.has(error.property)
      ? `a value of ${String(error.value).length} characters`
      : JSON.stringify(error.value);
    return `${error.property}: ${reasons.join('; ')} (got ${got})`;
  });
}

const SECRET_VARIABLES = new Set<string>(['JWT_SECRET']);

/**
 * Validates raw environment variables into a typed `Environment`, reporting every
 * problem at once so an operator fixes a bad deploy in one pass.
 */
export function validateEnvironment(
  raw: Record<string, unknown>,
  requiredVariables: ReadonlyArray<keyof Environment> = [],
): Environment {
  const env = plainToInstance(Environment, stripEmpty(raw), { exposeDefaultValues: true });
  const errors = validateSync(env, { forbidUnknownValues: true, stopAtFirstError: true });
  const problems = describe(errors);
  // Optional for the platform, required by a particular app (the API signs tokens; a migration does not).
  for (const name of requiredVariables) {
    if (env[name] === undefined && !errors.some((e) => e.property === name)) {
      problems.push(`${name}: is required`);
    }
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}

/** An empty variable (`FOO=`) means "not set", as in most twelve-factor tooling. */
function stripEmpty(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
}
