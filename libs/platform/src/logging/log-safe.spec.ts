import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { LOG_SERIALIZERS, REDACTED_PATHS } from './logging.module';
import { logSafeError } from './log-safe';

/** One JSON line: what this spec reads of it. */
interface LogLine {
  err: { type: string; message: string; stack?: string; cause?: { message: string } };
}

/** The logger the apps get (pino-http with our serializers), writing its lines here. */
function appLogger(): { log: ReturnType<typeof pinoHttp>['logger']; lines: () => LogLine[] } {
  const written: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString());
      done();
    },
  });
  const { logger } = pinoHttp(
    { serializers: LOG_SERIALIZERS, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    sink,
  );
  return {
    log: logger,
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LogLine),
  };
}

describe('errors in the app log', () => {
  it('an error logged as `err` keeps its kind, message and stack (pino-http serialises it first)', () => {
    const { log, lines } = appLogger();
    log.warn({ err: new TypeError('the gate script is missing') }, 'gate unreachable');
    const [line] = lines();
    expect(line.err.type).toBe('TypeError');
    expect(line.err.message).toBe('the gate script is missing');
    expect(line.err.stack).toContain('TypeError: the gate script is missing');
    expect(line.err.message).not.toBe('non-error thrown');
  });

  it('a driver error keeps its machine codes, and personal data in its text is scrubbed', () => {
    const { log, lines } = appLogger();
    const failed = Object.assign(new Error('duplicate key: robin@example.com'), {
      driverError: { code: '23505', constraint: 'users_email_key', detail: 'robin@example.com' },
      parameters: ['robin@example.com', 'secret'],
    });
    log.error({ err: failed }, 'insert failed');
    const [line] = lines();
    expect(line.err).toMatchObject({
      type: 'Error',
      message: 'duplicate key: [email]',
      code: '23505',
      constraint: 'users_email_key',
    });
    expect(JSON.stringify(line)).not.toContain('robin@example.com');
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it('what the error filter already reduced is logged as it is, scrubbed again', () => {
    const { log, lines } = appLogger();
    const cause = new Error('connect ECONNREFUSED for robin@example.com');
    const reduced = logSafeError(Object.assign(new Error('unexpected'), { cause }));
    log.error({ err: reduced }, 'unexpected error');
    const [line] = lines();
    expect(line.err.type).toBe('Error');
    expect(line.err.message).toBe('unexpected');
    expect(line.err.cause?.message).toBe('connect ECONNREFUSED for [email]');
    expect(Object.keys(line.err).sort()).toEqual(['cause', 'message', 'stack', 'type']);
  });

  it('a thrown value that is not an error says so', () => {
    const { log, lines } = appLogger();
    log.warn({ err: 'a string' }, 'odd');
    log.warn({ err: 42 }, 'odder');
    const [text, number] = lines();
    expect(text.err).toEqual({ type: 'string', message: 'non-error thrown' });
    expect(number.err).toEqual({ type: 'number', message: 'non-error thrown' });
  });
});
