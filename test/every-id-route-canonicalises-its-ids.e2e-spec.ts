import './support/env/generous-rate-limits';
import { randomUUID } from 'node:crypto';
import { createHttpApp, REDIS } from '@limited-run/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type Redis from 'ioredis';
import type { Client } from 'pg';
import request from 'supertest';
import { ApiModule } from '../apps/api/src/api.module';
import { createAccount, type TestAccount } from './support/accounts';
import { ACCESS_MATRIX, GROUPS, recordRoutes } from './support/access-matrix';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { placeHold } from './support/payments';
import { connectTestDatabase, createTestDatabase } from './support/test-app';

/** Spellings Postgres would read as the same uuid, which the API must refuse. */
const refusedSpellings = (id: string): string[] => [
  `{${id}}`,
  id.replace(/-/g, ''),
  `urn:uuid:${id}`,
  `${id} `,
  `${id.slice(0, 8)}-${id.slice(9, 13)}${id.slice(14)}`,
];

/** Tables a refused request must never write to. */
const WATCHED_TABLES = [
  'users',
  'auth_sessions',
  'collectives',
  'collective_memberships',
  'collective_invites',
  'items',
  'variants',
  'drops',
  'drop_lines',
  'holds',
  'inventory_movements',
  'orders',
  'waitlist_entries',
  'raffle_entries',
  'audit_events',
];

/**
 * Walks the route table as Fastify registers it (like the authorization matrix) and sends every
 * id parameter in other spellings: upper case reaches the same thing as lower case; every other
 * spelling is a 400 that writes nothing, to Postgres or to Redis.
 */
describe('every route that takes an id reads it in its one canonical spelling', () => {
  let app: NestFastifyApplication;
  let db: Client;
  let redis: Redis;
  const registered: string[] = [];
  let drop: LiveDrop;
  let fan: TestAccount;
  let ids: Record<string, string>;
  /** Unknown ids sent in upper case, whose other spellings must not appear in Redis either. */
  const probedIds: string[] = [];

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    app = await createHttpApp(ApiModule, { openApiTitle: 'Limited Run API' });
    recordRoutes(app, registered);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    redis = app.get<Redis>(REDIS);
    drop = await openLiveDrop(app, db, { units: [5] });
    fan = await createAccount(app, db);
    const holdId = await placeHold(app, fan, drop.id, drop.variantIds[0]);
    const { rows } = await db.query<{ item_id: string }>(
      'SELECT item_id FROM variants WHERE id = $1',
      [drop.variantIds[0]],
    );
    ids = {
      drop: drop.id,
      variant: drop.variantIds[0],
      item: rows[0].item_id,
      hold: holdId,
      userId: fan.id,
      order: randomUUID(),
      inviteId: randomUUID(),
      anomaly: randomUUID(),
      image: randomUUID(),
      profile: randomUUID(),
      // Not an id: a rendition's file name (GET /media/images/:image/:file).
      file: '640.webp',
    };
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  const idRoutes = () => registered.filter((route) => /:(?!collective\b)\w+/.test(route));

  /** The caller allowed on the route: the collective's owner, or the admin for admin routes. */
  const callerFor = (route: string): TestAccount => {
    const entry = ACCESS_MATRIX.find((e) => e.route === route);
    return entry?.allow === GROUPS.adminOnly ? drop.admin : drop.owner;
  };

  const send = (route: string, values: Record<string, string>) => {
    const [method, path] = route.split(' ');
    const url = path.replace(/:(\w+)/g, (_m, name: string) =>
      name === 'collective' ? drop.collective : encodeURIComponent(values[name]),
    );
    const call = request(app.getHttpServer())
      [method.toLowerCase() as 'get'](url)
      .set('authorization', callerFor(route).bearer)
      // So that the id, not a missing header, is what a hold request is refused for.
      .set('idempotency-key', randomUUID());
    return method === 'GET' ? call : call.send({});
  };

  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const table of WATCHED_TABLES) {
      out[table] = (
        await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
      ).rows[0].n;
    }
    return out;
  };

  /** Redis keys naming one of the fixture's ids in any spelling but the canonical one. */
  const keysWithOtherSpellings = async (): Promise<string[]> => {
    const others = [...Object.values(ids), ...probedIds].flatMap((id) => [
      id.toUpperCase(),
      id.replace(/-/g, ''),
      `{${id}}`,
    ]);
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', '*', 'COUNT', 1000);
      cursor = next;
      found.push(...keys.filter((key) => others.some((other) => key.includes(other))));
    } while (cursor !== '0');
    return found;
  };

  it('finds id routes in the route table', () => {
    expect(idRoutes().length).toBeGreaterThan(25);
  });

  it('answers a GET with an upper-case id exactly as with the canonical one', async () => {
    for (const route of idRoutes().filter((r) => r.startsWith('GET ') && !r.endsWith('/events'))) {
      const canonical = await send(route, ids);
      const upper = await send(
        route,
        Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, v.toUpperCase()])),
      );
      expect({ route, status: upper.status }).toEqual({ route, status: canonical.status });
      expect({ route, body: upper.body as unknown }).toEqual({
        route,
        body: canonical.body as unknown,
      });
    }
  });

  it('refuses every other spelling of every id with 400 naming the parameter, writing nothing', async () => {
    const before = await counts();
    for (const route of idRoutes()) {
      const names = [...route.matchAll(/:(\w+)/g)]
        .map((m) => m[1])
        .filter((n) => n !== 'collective');
      // Serial and page numbers are numbers, and a rendition's file is a name: none is an id.
      for (const name of names.filter((n) => !['serial', 'page', 'file'].includes(n))) {
        for (const spelling of refusedSpellings(ids[name])) {
          const res = await send(route, { ...ids, serial: '1', page: '0', [name]: spelling });
          expect({ route, spelling, status: res.status }).toEqual({ route, spelling, status: 400 });
          expect({ route, spelling, details: res.body.error.details as unknown }).toEqual({
            route,
            spelling,
            details: expect.arrayContaining([expect.objectContaining({ field: name })]),
          });
        }
      }
    }
    expect(await counts()).toEqual(before);
    expect(await keysWithOtherSpellings()).toEqual([]);
  });

  it('sends every mutating route an upper-case unknown id and gets the canonical answer', async () => {
    for (const route of idRoutes().filter((r) => !r.startsWith('GET '))) {
      const unknown = Object.fromEntries(Object.keys(ids).map((k) => [k, randomUUID()]));
      probedIds.push(...Object.values(unknown));
      const canonical = await send(route, unknown);
      const upper = await send(
        route,
        Object.fromEntries(Object.entries(unknown).map(([k, v]) => [k, v.toUpperCase()])),
      );
      expect(upper.status).toBeLessThan(500);
      expect({ route, status: upper.status }).toEqual({ route, status: canonical.status });
    }
    expect(await keysWithOtherSpellings()).toEqual([]);
  });
});
