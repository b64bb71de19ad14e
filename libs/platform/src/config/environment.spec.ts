import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError, validateEnvironment } from './environment';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/lr' };

describe('validateEnvironment', () => {
  it('applies defaults and converts numbers', () => {
    const env = validateEnvironment({ ...base, API_PORT: '4000' });
    expect(env.API_PORT).toBe(4000);
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.NODE_ENV).toBe('development');
  });

  it('lists every problem at once, each naming its variable', () => {
    let error: unknown;
    try {
      validateEnvironment({ API_PORT: 'eighty', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'API_PORT', 'REDIS_URL', 'LOG_LEVEL']) {
      expect(problems).toContain(name);
    }
  });

  it('lets an app require an optional variable, reported with the rest', () => {
    expect(() => validateEnvironment(base)).not.toThrow();
    let error: unknown;
    try {
      validateEnvironment({ ...base, API_PORT: 'x' }, ['JWT_SECRET']);
    } catch (e) {
      error = e;
    }
    expect((error as ConfigValidationError).problems).toEqual([
      expect.stringContaining('API_PORT'),
      'JWT_SECRET: is required',
    ]);
    const short = () => validateEnvironment({ ...base, JWT_SECRET: 'short' }, ['JWT_SECRET']);
    expect(short).toThrow(
      'JWT_SECRET: must be at least 32 characters long (got a value of 5 characters)',
    );
    const secret = 'k'.repeat(32);
    expect(validateEnvironment({ ...base, JWT_SECRET: secret }, ['JWT_SECRET']).JWT_SECRET).toBe(
      secret,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(validateEnvironment({ ...base, API_PORT: '' }).API_PORT).toBe(3000);
  });

  it('is documented variable for variable in .env.example', () => {
    const example = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
    const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    const declared = Object.keys(validateEnvironment(base))
      .concat('LOG_PRETTY')
      .filter((k, i, all) => all.indexOf(k) === i)
      .sort();
    expect(documented).toEqual(declared);
  });
});
