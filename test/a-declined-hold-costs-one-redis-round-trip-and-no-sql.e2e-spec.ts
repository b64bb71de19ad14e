import './support/env/trusted-loopback-proxy';
import './support/env/generous-rate-limits';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { DropAvailability, DropTermsCache } from '@limited-run/inventory';
import { REDIS } from '@limited-run/platform';
import type Redis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createAccount, TestAccount } from './support/accounts';
import { LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

/**
 * The opening's cost model (docs/benchmarks.md, "Declines at the ceiling"): a declined hold is
 * decided by ONE Redis command (the hold-attempt script: session, both limits, waiting room,
 * replay, gate) and no SQL. Commands are counted on the API's own ioredis client, keeping
 * those that name this fan or this address (the app's background work names neither); SQL is counted through TypeORM's logger, which sees every query the app runs.
 */
describe('a declined hold costs one Redis round trip and no SQL', () => {
  const ctx = useApiOnTestDatabase();
  let drop: LiveDrop;
  let winner: TestAccount;
  let fan: TestAccount;
  const ip = '198.51.100.77';
  let redisCommands: string[][] = [];
  let sql: string[] = [];

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [1], perCustomerLimit: 1 });
    winner = await createAccount(ctx.app, ctx.db);
    fan = await createAccount(ctx.app, ctx.db);

    const redis = ctx.app.get<Redis>(REDIS);
    const send = redis.sendCommand.bind(redis);
    // Every command of a hold request names the fan (its auth keys, limit and idempotency key);
    // the live counter feed's polling names only the drop, so it is left out.
    const mentions = [fan.id, ip];
    redis.sendCommand = (command: { name: string; args: unknown[] }, ...rest: unknown[]) => {
      const args = command.args.map((arg) => String(arg));
      if (args.some((arg) => mentions.some((m) => arg.includes(m)))) {
        redisCommands.push([command.name, ...args]);
      }
      return send(command as never, ...(rest as []));
    };

    const dataSource = ctx.app.get(DataSource);
    const logQuery = dataSource.logger.logQuery.bind(dataSource.logger);
    dataSource.logger.logQuery = (query, parameters, runner) => {
      sql.push(query);
      return logQuery(query, parameters, runner);
    };
  });

  const hold = (who: TestAccount, quantity = 1) =>
    request(ctx.app.getHttpServer())
      .post(`/drops/${drop.id}/holds`)
      .set('authorization', who.bearer)
      .set('x-forwarded-for', ip)
      .set('idempotency-key', randomUUID())
      .send({ variantId: drop.variantIds[0], quantity });

  /**
   * The drop's terms are a per-process memo refreshed once a second (one query per drop per
   * second, not per request); it is held still here so that any query seen is the decline's.
   */
  const holdTermsStill = async () => {
    const terms = ctx.app.get(DropTermsCache);
    const current = await terms.get(drop.id);
    jest.spyOn(terms, 'get').mockResolvedValue(current);
  };

  /**
   * A grant is followed, SETTLE_MS later, by the live feed re-reading the drop's counters from
   * Postgres (counter-feed.ts `settle`, one query per pass, a pass or two per publish): the
   * grant's work, not a decline's. Its calls are counted, so that every other query is one.
   */
  let settleReads: jest.SpyInstance;
  const declineQueries = () => sql.length - settleReads.mock.calls.length;

  it('the only unit goes to the first fan', async () => {
    settleReads = jest.spyOn(ctx.app.get(DropAvailability), 'fresh');
    await hold(winner).expect(201);
    for (let i = 0; i < 200 && settleReads.mock.calls.length === 0; i++) await delay(50);
    expect(settleReads).toHaveBeenCalled();
  });

  it('each sold-out decline is one Redis command and no query', async () => {
    // Warm: the fan's session is cached and the script is loaded (EVALSHA from here on).
    await hold(fan).expect(409);
    await holdTermsStill();
    redisCommands = [];
    sql = [];
    settleReads.mockClear();
    const declines = 12;
    for (let i = 0; i < declines; i++) {
      const res = await hold(fan);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('SOLD_OUT');
    }
    expect(redisCommands).toHaveLength(declines);
    expect(redisCommands.every(([name]) => name === 'evalsha')).toBe(true);
    expect(declineQueries()).toBe(0);
  });

  it('concurrent declines of other kinds too (over the limit, not in the drop): one each', async () => {
    redisCommands = [];
    sql = [];
    settleReads.mockClear();
    const answers = await Promise.all([
      hold(fan, 2), // over the per-fan limit of 1
      request(ctx.app.getHttpServer())
        .post(`/drops/${drop.id}/holds`)
        .set('authorization', fan.bearer)
        .set('x-forwarded-for', ip)
        .set('idempotency-key', randomUUID())
        .send({ variantId: randomUUID(), quantity: 1 }),
      hold(fan),
    ]);
    expect(answers.map((res) => res.status).sort()).toEqual([404, 409, 422]);
    expect(redisCommands).toHaveLength(answers.length);
    expect(declineQueries()).toBe(0);
  });

  it('a refusal before the gate (bad body) is still counted against the limits, in one command', async () => {
    redisCommands = [];
    sql = [];
    settleReads.mockClear();
    const res = await request(ctx.app.getHttpServer())
      .post(`/drops/${drop.id}/holds`)
      .set('authorization', fan.bearer)
      .set('x-forwarded-for', ip)
      .set('idempotency-key', randomUUID())
      .send({ variantId: 'nope', quantity: 0 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(redisCommands).toHaveLength(1);
    const [, , , ...keys] = redisCommands[0];
    expect(keys.some((key) => key.endsWith(`rate-limit:holdsPerFan:user:${fan.id}`))).toBe(true);
    expect(declineQueries()).toBe(0);
  });
});
