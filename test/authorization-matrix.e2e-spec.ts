import { randomUUID } from 'node:crypto';
import { createHttpApp } from '@limited-run/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';
import { ApiModule } from '../apps/api/src/api.module';
import { createAccount, login, TestAccount } from './support/accounts';
import { ACCESS_MATRIX, Caller, CALLERS, recordRoutes, RouteAccess } from './support/access-matrix';
import { connectTestDatabase, createTestDatabase } from './support/test-app';

/**
 * Every route the API registers × every kind of caller → the expected status. The route list
 * comes from Fastify as Nest registers the routes, so a new endpoint without an entry in
 * ACCESS_MATRIX fails here.
 */
describe('authorization matrix', () => {
  let app: NestFastifyApplication;
  let db: Client;
  const registered: string[] = [];
  const accounts = {} as Record<Exclude<Caller, 'anonymous'>, TestAccount>;
  const HOME = 'matrix-home';
  const OTHER = 'matrix-other';

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    app = await createHttpApp(ApiModule, { openApiTitle: 'Limited Run API' });
    recordRoutes(app, registered);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();

    for (const caller of ['fan', 'otherStaff', 'staff', 'owner', 'admin'] as const) {
      accounts[caller] = await createAccount(app, db, {
        role: caller === 'admin' ? 'admin' : 'fan',
        email: `${caller.toLowerCase()}@matrix.example`,
      });
    }
    for (const [slug, ownerEmail] of [
      [HOME, accounts.owner.email],
      [OTHER, accounts.otherStaff.email],
    ]) {
      await request(app.getHttpServer())
        .post('/admin/collectives')
        .set('authorization', accounts.admin.bearer)
        .send({ name: slug, slug, ownerEmail })
        .expect(201);
    }
    // Staff membership straight in the table: invites have their own suite.
    await db.query(
      `INSERT INTO collective_memberships (collective_id, user_id, role)
       SELECT id, $1, 'staff' FROM collectives WHERE slug = $2`,
      [accounts.staff.id, HOME],
    );
    // The other collective's owner acts as "staff of another collective": a member, just elsewhere.
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  it('has exactly one entry per registered route', () => {
    const listed = ACCESS_MATRIX.map((entry) => entry.route);
    expect(registered.length).toBeGreaterThan(10);
    expect([...registered].sort()).toEqual([...new Set(listed)].sort());
    expect(listed).toHaveLength(new Set(listed).size);
  });

  const probePath = (entry: RouteAccess): string =>
    entry.route
      .split(' ')[1]
      .replace(/:(\w+)/g, (_m, name: string) =>
        name === 'collective' ? HOME : (entry.params?.[name] ?? randomUUID()),
      );

  async function probe(entry: RouteAccess, caller: Caller): Promise<request.Response> {
    const [method] = entry.route.split(' ');
    let call = request(app.getHttpServer())[method.toLowerCase() as 'get'](probePath(entry));
    if (caller !== 'anonymous') {
      const account = accounts[caller];
      const bearer = entry.endsSession
        ? (await login(app, account.email, account.password)).bearer
        : account.bearer;
      call = call.set('authorization', bearer);
    }
    if (entry.stream) {
      // The first bytes decide; an allowed caller's stream would never end by itself.
      return call.buffer(false).parse((response, done) => {
        const res = response as unknown as import('node:http').IncomingMessage;
        res.once('data', () => {
          res.destroy();
          done(null, '');
        });
        res.once('end', () => done(null, ''));
      });
    }
    return method === 'GET' ? call : call.send({});
  }

  describe.each(ACCESS_MATRIX.map((entry) => [entry.route, entry] as const))(
    '%s',
    (_route, entry) => {
      it.each(CALLERS.map((caller) => [caller] as const))('%s', async (caller) => {
        const expected = entry.allow.includes(caller)
          ? entry.allowedStatus
          : caller === 'anonymous'
            ? 401
            : 403;
        const res = await probe(entry, caller);
        if (res.status !== expected) {
          throw new Error(
            `${entry.route} as ${caller}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`,
          );
        }
        expect(res.status).toBe(expected);
      });
    },
  );
});
