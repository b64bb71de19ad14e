import './support/env/wide-hold-batches';
import { randomUUID } from 'node:crypto';
import { Metrics } from '@limited-run/platform';
import Redis from 'ioredis';
import { provisionFans, type Fan } from '../bench/support/fans';
import { ApiProcess, spawnApi } from './support/api-process';
import { LiveDrop, openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

// Two API processes (spawned through ts-node) and hundreds of racing requests.
jest.setTimeout(240_000);

interface Attempt {
  fan: Fan;
  variantId: string;
  quantity: number;
  key: string;
  /** The index of the API the attempt goes to. */
  api: number;
}

interface Answer {
  attempt: Attempt;
  status: number;
  replayed: boolean;
  body: { holdId?: string; error?: { code: string } };
}

/** Sends every attempt at once (bounded: each has a 60 s timeout, the list is finite). */
async function fireAll(urls: string[], dropId: string, attempts: Attempt[]): Promise<Answer[]> {
  return Promise.all(
    attempts.map(async (attempt) => {
      const res = await fetch(`${urls[attempt.api % urls.length]}/drops/${dropId}/holds`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${attempt.fan.token}`,
          'idempotency-key': attempt.key,
        },
        body: JSON.stringify({ variantId: attempt.variantId, quantity: attempt.quantity }),
        signal: AbortSignal.timeout(60_000),
      });
      return {
        attempt,
        status: res.status,
        replayed: res.headers.get('idempotent-replayed') === 'true',
        body: (await res.json()) as Answer['body'],
      };
    }),
  );
}

const label = (answer: Answer): string =>
  `${answer.status} ${answer.body.error?.code ?? ''}`.trim();

describe('admitted holds reach Postgres in group commits', () => {
  const ctx = useApiOnTestDatabase();
  let apis: ApiProcess[] = [];
  let redis: Redis;

  let here: string;

  beforeAll(async () => {
    // This file's in-process API on a real port too, for the test that reads its metrics.
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    here = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    apis = await Promise.all([
      spawnApi({ LOG_LEVEL: 'silent' }),
      spawnApi({ LOG_LEVEL: 'silent' }),
    ]);
    redis = new Redis(process.env.REDIS_URL ?? '', { keyPrefix: `${process.env.REDIS_PREFIX}:` });
  });

  afterAll(() => {
    for (const api of apis) api.stop();
    redis?.disconnect();
  });

  const lines = async (dropId: string) =>
    (
      await ctx.db.query<{
        variant_id: string;
        quantity_allocated: number;
        held: number;
        sold: number;
      }>('SELECT variant_id, quantity_allocated, held, sold FROM drop_lines WHERE drop_id = $1', [
        dropId,
      ])
    ).rows;

  /** Held units per line as the ledger derives them. */
  const ledgerHeld = async (dropId: string) =>
    new Map(
      (
        await ctx.db.query<{ variant_id: string; held: number }>(
          `SELECT variant_id,
                  sum(CASE kind WHEN 'hold' THEN quantity WHEN 'release' THEN -quantity
                                WHEN 'expire' THEN -quantity WHEN 'sell' THEN -quantity ELSE 0 END)::int AS held
             FROM inventory_movements WHERE drop_id = $1 GROUP BY variant_id`,
          [dropId],
        )
      ).rows.map((row) => [row.variant_id, row.held]),
    );

  const holdsOf = async (dropId: string) =>
    (
      await ctx.db.query<{
        id: string;
        user_id: string;
        idempotency_key: string;
        quantity: number;
        created_at: Date;
      }>(
        `SELECT id, user_id, idempotency_key, quantity, created_at FROM holds WHERE drop_id = $1`,
        [dropId],
      )
    ).rows;

  it('racing fans on two processes: no line oversold, every answer its own hold or refusal, retries the same hold', async () => {
    const units = [20, 15, 25];
    const drop: LiveDrop = await openLiveDrop(ctx.app, ctx.db, { units, perCustomerLimit: 3 });
    const fans = await provisionFans(
      ctx.db,
      200,
      process.env.JWT_SECRET ?? '',
      randomUUID().slice(0, 8),
    );
    // Each fan: a request and its retry sent together to the same process (the retry finds
    // the first waiting for its batch), and a second request of their own to the other one.
    const attempts: Attempt[] = fans.flatMap((fan, i) => {
      const first = {
        fan,
        variantId: drop.variantIds[i % 3],
        quantity: 1,
        key: randomUUID(),
        api: i,
      };
      const second = {
        fan,
        variantId: drop.variantIds[(i + 1) % 3],
        quantity: 1 + (i % 2),
        key: randomUUID(),
        api: i + 1,
      };
      return [first, { ...first }, second];
    });
    const answers = await fireAll(
      apis.map((api) => api.url),
      drop.id,
      attempts,
    );
    expect(answers).toHaveLength(600);
    for (const answer of answers) {
      expect([
        '201',
        '409 SOLD_OUT',
        '409 INSUFFICIENT_STOCK',
        '409 REQUEST_IN_PROGRESS',
      ]).toContain(label(answer));
    }

    // Demand (500 units, within each fan's limit of 3) far above supply (60): every unit held, none twice.
    const after = await lines(drop.id);
    for (const line of after) expect(line.held + line.sold).toBe(line.quantity_allocated);
    const ledger = await ledgerHeld(drop.id);
    for (const line of after) expect(ledger.get(line.variant_id)).toBe(line.held);

    // Every hold granted went to one request, and that request was told its id; a key's
    // answers (the first, the retry in the same batch) name one hold.
    const holds = await holdsOf(drop.id);
    expect(holds.reduce((n, h) => n + h.quantity, 0)).toBe(60);
    const firstAnswers = answers.filter((a) => a.status === 201 && !a.replayed);
    expect(new Set(firstAnswers.map((a) => a.body.holdId)).size).toBe(firstAnswers.length);
    expect(firstAnswers).toHaveLength(holds.length);
    const byId = new Map(holds.map((h) => [h.id, h]));
    for (const answer of answers.filter((a) => a.status === 201)) {
      const hold = byId.get(answer.body.holdId ?? '');
      expect(hold).toMatchObject({
        user_id: answer.attempt.fan.userId,
        idempotency_key: answer.attempt.key,
        quantity: answer.attempt.quantity,
      });
    }
    const retriedInFlight = answers.filter((a) => a.status === 201 && a.replayed);
    expect(retriedInFlight.length).toBeGreaterThan(0);

    // Group commits happened: holds of one transaction share its `now()`.
    expect(new Set(holds.map((h) => h.created_at.getTime())).size).toBeLessThan(holds.length);

    // A retry later (another batch, either process) gets the same hold back.
    const granted = firstAnswers.map((a) => a.attempt);
    const retries = await fireAll(
      apis.map((api) => api.url),
      drop.id,
      granted.map((attempt) => ({ ...attempt, api: attempt.api + 1 })),
    );
    for (const retry of retries) {
      expect(label(retry)).toBe('201');
      expect(retry.replayed).toBe(true);
      const first = firstAnswers.find((a) => a.attempt.key === retry.attempt.key);
      expect(retry.body.holdId).toBe(first?.body.holdId);
    }
    expect(await holdsOf(drop.id)).toHaveLength(holds.length);
  });

  it('when the gate over-admits, the batch Postgres refuses is split: each fan gets their own right answer', async () => {
    const drop = await openLiveDrop(ctx.app, ctx.db, { units: [6], perCustomerLimit: 2 });
    const [variantId] = drop.variantIds;
    const fans = await provisionFans(
      ctx.db,
      41,
      process.env.JWT_SECRET ?? '',
      randomUUID().slice(0, 8),
    );
    const hold = (fan: Fan): Attempt => ({
      fan,
      variantId,
      quantity: 1,
      key: randomUUID(),
      api: 0,
    });
    // One hold loads the gate from Postgres; then the gate is seeded wrong (100 left, not 5).
    const [opening] = await fireAll([here], drop.id, [hold(fans[0])]);
    expect(opening.status).toBe(201);
    await redis.hset(`inv:{drop:${drop.id}}:avail`, variantId, '100');
    const metrics = ctx.app.get(Metrics);
    const splitsBefore = (await metrics.holdGrantBatchSplits.get()).values[0]?.value ?? 0;

    const answers = await fireAll(
      [here],
      drop.id,
      fans.slice(1).map((fan) => hold(fan)),
    );

    // Exactly the 5 units that remained were held, each by one fan who was told their own
    // hold; every other fan was refused as sold out, none wrongly while a unit remained.
    const granted = answers.filter((a) => a.status === 201);
    expect(granted).toHaveLength(5);
    expect(answers.filter((a) => label(a) === '409 SOLD_OUT')).toHaveLength(35);
    const [line] = await lines(drop.id);
    expect(line).toMatchObject({ quantity_allocated: 6, held: 6, sold: 0 });
    expect((await ledgerHeld(drop.id)).get(variantId)).toBe(6);
    const holds = await holdsOf(drop.id);
    expect(holds).toHaveLength(6);
    const byId = new Map(holds.map((h) => [h.id, h]));
    expect(new Set(granted.map((a) => a.body.holdId)).size).toBe(5);
    for (const answer of granted) {
      expect(byId.get(answer.body.holdId ?? '')).toMatchObject({
        user_id: answer.attempt.fan.userId,
        idempotency_key: answer.attempt.key,
      });
    }
    // Refused fans hold nothing, and their keys were given back.
    const { rows: fanUnits } = await ctx.db.query<{ user_id: string; units: number }>(
      `SELECT user_id, units FROM drop_fan_units WHERE drop_id = $1 AND units > 0`,
      [drop.id],
    );
    expect(new Set(fanUnits.map((f) => f.user_id))).toEqual(new Set(holds.map((h) => h.user_id)));
    // Postgres did refuse whole batches, which were split.
    const splitsAfter = (await metrics.holdGrantBatchSplits.get()).values[0]?.value ?? 0;
    expect(splitsAfter).toBeGreaterThan(splitsBefore);
  });
});
