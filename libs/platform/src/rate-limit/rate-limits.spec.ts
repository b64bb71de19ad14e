import { ConfigValidationError, validateEnvironment } from '../config/environment';
import { parseRateLimit, RATE_LIMITS } from './rate-limits';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lr' };

describe('rate limit settings', () => {
  it('every named limit has a valid default', () => {
    const env = validateEnvironment(base);
    for (const { variable } of Object.values(RATE_LIMITS)) {
      expect(parseRateLimit(String(env[variable])).limit).toBeGreaterThan(0);
    }
    expect(parseRateLimit(env.RATE_LIMIT_AUTH)).toEqual({ limit: 10, windowSeconds: 60 });
  });

  it('reads <count>/<seconds>', () => {
    const env = validateEnvironment({ ...base, RATE_LIMIT_AUTH: '3/600' });
    expect(parseRateLimit(env.RATE_LIMIT_AUTH)).toEqual({ limit: 3, windowSeconds: 600 });
  });

  it.each([['10'], ['10/0'], ['0/60'], ['ten/60'], ['10/60s'], ['-1/60'], ['1.5/60']])(
    'refuses %j with a readable message',
    (value) => {
      let error: unknown;
      try {
        validateEnvironment({ ...base, RATE_LIMIT_AUTH: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as ConfigValidationError).problems).toEqual([
        `RATE_LIMIT_AUTH: must be <count>/<seconds> with two positive whole numbers, e.g. 10/60 (got ${JSON.stringify(value)})`,
      ]);
    },
  );
});
