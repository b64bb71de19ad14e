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
  validateSync,
  ValidationError,
} from 'class-validator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** A TCP port given as a string; 0 lets the OS pick one (tests). */
const IsPort = (): PropertyDecorator =>
  applyDecorators(Transform(toInt), IsInt(), Min(0), Max(65535));

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

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

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
    return `${error.property}: ${reasons.join('; ')} (got ${JSON.stringify(error.value)})`;
  });
}

/**
 * Validates raw environment variables into a typed `Environment`, reporting every
 * problem at once so an operator fixes a bad deploy in one pass.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, stripEmpty(raw), { exposeDefaultValues: true });
  const errors = validateSync(env, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) throw new ConfigValidationError(describe(errors));
  return env;
}

/** An empty variable (`FOO=`) means "not set", as in most twelve-factor tooling. */
function stripEmpty(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
}
