// The benchmarks are launchers, like scripts/: the environment only tells them where Postgres
// and Redis are, and is handed on to the processes they start. This is the one place they read it.

/** Where the benchmarks find their services; unset or empty means "the local default". */
export interface BenchServices {
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

export function benchServices(): BenchServices {
  return {
    databaseUrl: nonEmpty(process.env.DATABASE_URL),
    redisUrl: nonEmpty(process.env.REDIS_URL),
  };
}

/** This process's environment plus `overrides`, for a child process. */
export function childEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
