import { ArgumentsHost, NotFoundException } from '@nestjs/common';
import type { PinoLogger } from 'nestjs-pino';
import MaxRetriesPerRequestError from 'ioredis/built/errors/MaxRetriesPerRequestError';
import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { DomainError, RequestValidationError } from '../errors/domain-error';
import { HttpErrorFilter } from './http-error.filter';

interface Sent {
  status?: number;
  body?: { error: { code: string; message: string; errorId?: string; details?: unknown } };
  headers: Record<string, string>;
}

function harness(): { filter: HttpErrorFilter; logged: unknown[]; send: (e: unknown) => Sent } {
  const logged: unknown[] = [];
  const logger = {
    setContext: () => undefined,
    error: (obj: unknown) => logged.push(obj),
    warn: (obj: unknown) => logged.push(obj),
  };
  const filter = new HttpErrorFilter(logger as unknown as PinoLogger);
  const send = (exception: unknown): Sent => {
    const sent: Sent = { headers: {} };
    const reply = {
      getHeader: (name: string) => sent.headers[name],
      header: (name: string, value: string) => ((sent.headers[name] = value), reply),
      status: (code: number) => ((sent.status = code), reply),
      send: (body: Sent['body']) => ((sent.body = body), reply),
    };
    const host = {
      switchToHttp: () => ({
        getResponse: () => reply,
        getRequest: () => ({ method: 'GET', url: '/x' }),
      }),
    } as unknown as ArgumentsHost;
    filter.catch(exception, host);
    return sent;
  };
  return { filter, logged, send };
}

describe('HttpErrorFilter', () => {
  it('maps each domain error kind to its status, keeping code and details', () => {
    const { send } = harness();
    expect(send(new DomainError('SOLD_OUT', 'conflict', 'Sold out.')).status).toBe(409);
    expect(send(new DomainError('LIMIT_REACHED', 'unprocessable', 'Limit.')).status).toBe(422);
    const limited = send(new DomainError('SLOW_DOWN', 'rate_limited', 'Slow down.'));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    const invalid = send(new RequestValidationError([{ field: 'email', message: 'bad' }]));
    expect(invalid).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', details: [{ field: 'email', message: 'bad' }] } },
    });
  });

  it('answers 503 when a dependency is down, logging the cause for operators only', () => {
    const { send, logged } = harness();
    const down = new DomainError('RATE_LIMIT_UNAVAILABLE', 'unavailable', 'Try again shortly.');
    down.cause = new Error('connect ECONNREFUSED 10.0.0.5:6379');
    const sent = send(down);
    expect(sent).toMatchObject({
      status: 503,
      body: { error: { code: 'RATE_LIMIT_UNAVAILABLE', message: 'Try again shortly.' } },
    });
    expect(JSON.stringify(sent.body)).not.toContain('ECONNREFUSED');
    // Logged in its log-safe form: kind, message and stack, nothing the request carried.
    expect(logged).toEqual([
      expect.objectContaining({
        err: expect.objectContaining({
          type: 'Error',
          message: 'connect ECONNREFUSED 10.0.0.5:6379',
        }),
      }),
    ]);
  });

  it('keeps framework 4xx statuses with a stable code', () => {
    const { send } = harness();
    expect(send(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'Cannot GET /x' } },
    });
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(send(tooLarge)).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
  });

  it('turns anything unexpected into a 500 whose error id is also logged, hiding the cause', () => {
    const { send, logged } = harness();
    const sent = send(new Error('connection string postgres://secret@db leaked?'));
    expect(sent.status).toBe(500);
    expect(sent.body?.error.code).toBe('INTERNAL');
    expect(sent.body?.error.message).not.toContain('secret');
    const errorId = sent.body?.error.errorId;
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged).toEqual([expect.objectContaining({ errorId })]);
  });

  /** A failed insert as TypeORM reports it: the statement, its parameters, the driver's detail. */
  const failedInsert = (code: string, detail: string) =>
    new QueryFailedError(
      'INSERT INTO users (email, password_hash) VALUES ($1, $2)',
      ['fan@example.com', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA'],
      Object.assign(new Error(`insert failed: ${detail}`), { code, detail, constraint: 'UQ_x' }),
    );

  it.each([
    ['22021', 400, 'INVALID_VALUE'],
    ['22003', 400, 'INVALID_VALUE'],
    ['23505', 409, 'ALREADY_EXISTS'],
    ['23503', 422, 'REFERENCE_NOT_FOUND'],
    ['23514', 422, 'CONSTRAINT_VIOLATED'],
    ['54001', 400, 'INVALID_VALUE'],
  ])(
    'answers a database error caused by input (%s) with %i %s, never a 500',
    (code, status, name) => {
      const { send } = harness();
      const sent = send(failedInsert(code, 'Key (email)=(fan@example.com) already exists.'));
      expect(sent.status).toBe(status);
      expect(sent.body?.error.code).toBe(name);
    },
  );

  it('logs a failed statement without its parameters, the driver detail or any email or hash', () => {
    const { send, logged } = harness();
    send(failedInsert('23505', 'Key (email)=(fan@example.com) already exists.'));
    send(failedInsert('XX000', 'Key (email)=(fan@example.com) broke.'));
    const text = JSON.stringify(logged);
    expect(logged).toHaveLength(2);
    expect(text).toContain('UQ_x');
    expect(text).not.toContain('fan@example.com');
    expect(text).not.toContain('$argon2id');
    expect(text).not.toContain('password_hash) VALUES');
  });

  /** A statement that failed because its connection went away, as node-postgres reports it. */
  const lostStatement = (driverError: Error) =>
    new QueryFailedError('SELECT id FROM holds WHERE id = $1 FOR UPDATE', ['h1'], driverError);

  it.each([
    [
      'terminated by an administrator (57P01)',
      lostStatement(
        Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        }),
      ),
    ],
    [
      'refused while the server starts (57P03)',
      lostStatement(
        Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      ),
    ],
    [
      'a connection exception (08006)',
      lostStatement(Object.assign(new Error('connection failure'), { code: '08006' })),
    ],
    [
      'too many connections (53300)',
      lostStatement(Object.assign(new Error('sorry, too many clients already'), { code: '53300' })),
    ],
    ['its socket closed', lostStatement(new Error('Connection terminated unexpectedly'))],
    ...['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].map((errno): [string, Error] => [
      `its socket failed (${errno})`,
      lostStatement(Object.assign(new Error(`read ${errno}`), { code: errno, errno: -104 })),
    ]),
    ['its runner released by the loss', new QueryRunnerAlreadyReleasedError()],
  ])('answers a lost database connection (%s) with 503 and Retry-After', (_case, error) => {
    const { send, logged } = harness();
    const sent = send(error);
    expect(sent).toMatchObject({
      status: 503,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'DATABASE_UNAVAILABLE' } },
    });
    expect(sent.body?.error.errorId).toBeUndefined();
    expect(logged).toEqual([
      expect.objectContaining({ err: expect.objectContaining({ type: error.constructor.name }) }),
    ]);
  });

  it.each([
    ['gave up reconnecting', new MaxRetriesPerRequestError(2)],
    ['closed the connection', new Error('Connection is closed.')],
  ])('answers Redis unreachable (ioredis %s) with 503 and Retry-After', (_case, error) => {
    const { send } = harness();
    expect(send(error)).toMatchObject({
      status: 503,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'REDIS_UNAVAILABLE', message: expect.stringMatching(/try again/i) } },
    });
  });

  it('keeps a failed statement that is neither the input nor the connection a 500', () => {
    const { send } = harness();
    const sent = send(
      lostStatement(Object.assign(new Error('deadlock detected'), { code: '40P01' })),
    );
    expect(sent.status).toBe(500);
    expect(send(lostStatement(new Error('something else broke'))).status).toBe(500);
  });
});
