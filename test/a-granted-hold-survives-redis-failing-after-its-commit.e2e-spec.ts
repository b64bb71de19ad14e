import './support/env/generous-rate-limits';
import { randomUUID } from 'node:crypto';
import { REDIS } from '@limited-run/platform';
import type Redis from 'ioredis';
import MaxRetriesPerRequestError from 'ioredis/built/errors/MaxRetriesPerRequestError';
import request from 'supertest';
import { PENDING_ANSWER_TTL_SECONDS } from '@limited-run/inventory';
import { admissionKeys } from '../libs/inventory/src/admission/admission-keys';
import { createAccount, type TestAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

/**
 * Found by the chaos suite (docs/chaos.md, "What the runs found"): when Redis went away between
 * a hold's admission and its answer, the hold was committed in Postgres but the fan was answered
 * 500 (writing the answer's idempotency record failed), and every retry under the same key was
 * told REQUEST_IN_PROGRESS for the record's day-long life. Here the API's own Redis client
 * refuses the commands that follow the commit, as a Redis that just died does. The same holds
 * for a refusal: a marker Redis could not forget lapses within a minute, not a day.
 */
describe('a granted hold survives Redis failing after its commit', () => {
  const ctx = useApiOnTestDatabase();
  let drop: LiveDrop;
  let fan: TestAccount;
  /** The Redis commands that fail next: a predicate each, removed once it has failed one. */
  const failing: Array<(name: string, args: string[]) => boolean> = [];

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [3], perCustomerLimit: 5 });
    fan = await createAccount(ctx.app, ctx.db);
    const redis = ctx.app.get<Redis>(REDIS);
    const send = redis.sendCommand.bind(redis);
    type Sent = {
      name: string;
      args: unknown[];
      reject(e: Error): void;
      promise: Promise<unknown>;
    };
    redis.sendCommand = (command: Sent, ...rest: unknown[]) => {
      const args = command.args.map((arg) => String(arg));
      const at = failing.findIndex((fails) => fails(command.name, args));
      if (at === -1) return send(command as never, ...(rest as []));
      failing.splice(at, 1);
      // What ioredis answers once its retries against a dead server are spent.
      command.reject(new MaxRetriesPerRequestError(2) as unknown as Error);
      return command.promise;
    };
  });

  const hold = (key: string) =>
    request(ctx.app.getHttpServer())
      .post(`/drops/${drop.id}/holds`)
      .set('authorization', fan.bearer)
      .set('idempotency-key', key)
      .send({ variantId: drop.variantIds[0], quantity: 1 });

  const holdsUnder = async (key: string) =>
    (
      await ctx.db.query<{ id: string }>(
        `SELECT id FROM holds WHERE drop_id = $1 AND user_id = $2 AND idempotency_key = $3`,
        [drop.id, fan.id, key],
      )
    ).rows;

  /** The answer's record: a SET of this fan's idempotency key (the gate's script wrote its marker). */
  const answerRecordOf = (key: string) => (name: string, args: string[]) =>
    name === 'set' && args[0].includes(`:idem:${fan.id}:${key}`);

  it('answers 201 with the hold Postgres committed, and a retry replays it', async () => {
    const key = randomUUID();
    failing.push(answerRecordOf(key));

    const first = await hold(key);
    expect(first.status).toBe(201);
    expect(failing).toHaveLength(0); // the record's write was refused
    expect(await holdsUnder(key)).toEqual([{ id: first.body.holdId }]);

    // Redis kept the gate's marker for the key but not the answer: the retry finds the hold in
    // Postgres instead of being told to retry for a day.
    const retry = await hold(key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.holdId).toBe(first.body.holdId);
    expect(await holdsUnder(key)).toHaveLength(1);
  });

  it('a retry under the same key with another body is still refused', async () => {
    const key = randomUUID();
    failing.push(answerRecordOf(key));
    const first = await hold(key).expect(201);

    const other = await request(ctx.app.getHttpServer())
      .post(`/drops/${drop.id}/holds`)
      .set('authorization', fan.bearer)
      .set('idempotency-key', key)
      .send({ variantId: drop.variantIds[0], quantity: 2 });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await holdsUnder(key)).toEqual([{ id: first.body.holdId }]);
  });

  it('a refusal whose key Redis could not forget is decided afresh once its marker lapses', async () => {
    // Postgres is fuller than the gate knows: the gate admits, the guarded UPDATE refuses.
    await ctx.db.query(
      `UPDATE drop_lines SET held = quantity_allocated - sold WHERE drop_id = $1`,
      [drop.id],
    );
    const key = randomUUID();
    const marker = `:idem:${fan.id}:${key}`;
    // The request's scripts in order: its admission (left alone), then the return of its units
    // and key after Postgres refused (refused, as a Redis that just died does).
    let scripts = 0;
    failing.push(
      (name, args) =>
        name.startsWith('eval') && args.some((arg) => arg.includes(marker)) && ++scripts === 2,
    );

    const refused = await hold(key);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SOLD_OUT');
    expect(failing).toHaveLength(0);
    expect(await holdsUnder(key)).toEqual([]);

    // The marker is still there, without an answer: a retry now is told to retry...
    const redis = ctx.app.get<Redis>(REDIS);
    // KEYS answers with the client's prefix, which every other command adds itself.
    const [prefixed] = await redis.keys(`*${marker}`);
    const markerKey = prefixed.slice((redis.options.keyPrefix ?? '').length);
    const inProgress = await hold(key);
    expect(inProgress.status).toBe(409);
    expect(inProgress.body.error.code).toBe('REQUEST_IN_PROGRESS');
    // ...for a minute at most, not the day an answer is kept.
    const ttl = await redis.pttl(markerKey);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(PENDING_ANSWER_TTL_SECONDS * 1000);

    // A minute later (the marker lapsed): the retry gets the real answer.
    await redis.del(markerKey);
    const later = await hold(key);
    expect(later.status).toBe(409);
    expect(later.body.error.code).toBe('SOLD_OUT');
    expect(await holdsUnder(key)).toEqual([]);
  });

  it('a hold whose gate must be rebuilt while Redis is unreachable is a 503, then served', async () => {
    const keys = admissionKeys(drop.id);
    const redis = ctx.app.get<Redis>(REDIS);
    // Redis lost the drop's counters; its rebuild lock is the first command the rebuild sends.
    await redis.del(keys.available, keys.fans);
    failing.push((name, args) => name === 'set' && args[0].endsWith(keys.rebuilding));

    const unreachable = await hold(randomUUID());
    expect(unreachable.status).toBe(503);
    expect(unreachable.headers['retry-after']).toBe('1');
    expect(unreachable.body.error.code).toBe('REDIS_UNAVAILABLE');
    expect(failing).toHaveLength(0);

    // Redis answers again: the next request rebuilds the gate and is decided on it.
    await ctx.db.query(`UPDATE drop_lines SET held = 0 WHERE drop_id = $1`, [drop.id]);
    await ctx.db.query(`UPDATE holds SET status = 'released' WHERE drop_id = $1`, [drop.id]);
    expect((await hold(randomUUID())).status).toBe(201);
  });
});
