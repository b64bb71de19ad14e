import { randomUUID } from 'node:crypto';
import { QUEUE_DASHBOARD_COOKIE, QueueMonitor } from '@limited-run/monitoring';
import {
  createHttpApp,
  PlatformConfig,
  QUEUE_DASHBOARD_CSP,
  QUEUE_DASHBOARD_PREFIX,
  STRICT_CSP,
} from '@limited-run/platform';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';
import { AuthStateCache } from '../libs/identity/src/auth/auth-state.cache';
import { API_HTTP_OPTIONS } from '../apps/api/src/api-http-options';
import { ApiModule } from '../apps/api/src/api.module';
import { createAccount, TestAccount } from './support/accounts';
import { connectTestDatabase, createTestDatabase } from './support/test-app';

const EVERY_QUEUE = ['anomalies', 'drops', 'holds', 'notifications', 'payments', 'waitlist'];

interface BoardQueue {
  name: string;
  readOnlyMode: boolean;
  counts: Record<string, number>;
}

/**
 * Bull Board under /admin/queues sits outside Nest's guards: its own hook must admit an admin
 * with a ticket cookie from POST /admin/queues/session, and refuse everyone and everything else,
 * on every one of the board's routes, in the API's error shape.
 */
describe('the queue dashboard admits only active admins with a ticket', () => {
  let app: NestFastifyApplication;
  let db: Client;
  let admin: TestAccount;
  let fan: TestAccount;
  /** `METHOD /url` of every route the board registers (its page, assets and API). */
  const boardRoutes: string[] = [];
  const http = () => request(app.getHttpServer());
  const withTicket = (ticket: string) => `${QUEUE_DASHBOARD_COOKIE}=${ticket}`;

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    app = await createHttpApp(ApiModule, API_HTTP_OPTIONS);
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route) => {
        if (!route.prefix.startsWith(QUEUE_DASHBOARD_PREFIX)) return;
        for (const method of [route.method].flat()) {
          if (method !== 'HEAD') boardRoutes.push(`${method} ${route.url}`);
        }
      });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    admin = await createAccount(app, db, { role: 'admin', email: 'root@queues.example' });
    fan = await createAccount(app, db, { email: 'fan@queues.example' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  async function ticketFor(account: TestAccount): Promise<string> {
    const res = await http()
      .post('/admin/queues/session')
      .set('authorization', account.bearer)
      .expect(204);
    const cookie = [res.headers['set-cookie'] ?? []]
      .flat()
      .find((c: string) => c.startsWith(`${QUEUE_DASHBOARD_COOKIE}=`));
    expect(cookie).toBeDefined();
    const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(
      expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/admin/queues']),
    );
    return cookie!.split(';')[0].slice(QUEUE_DASHBOARD_COOKIE.length + 1);
  }

  /** A ticket signed as the API signs them, with the claims and lifetime given. */
  function mintTicket(claims: Record<string, unknown>, secret?: string): string {
    const jwt = new JwtService({
      secret: secret ?? app.get(PlatformConfig).get('JWT_SECRET'),
    });
    return jwt.sign(
      { typ: 'admin-ticket', ...claims },
      { algorithm: 'HS256', issuer: 'limited-run', audience: 'limited-run-admin-ticket' },
    );
  }

  const sessionOf = async (userId: string): Promise<string> =>
    (
      await db.query<{ id: string }>(
        'SELECT id FROM auth_sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
        [userId],
      )
    ).rows[0].id;

  it('shows an admin with a ticket every queue with its counts, read only', async () => {
    // Something to count: a delayed job nobody processes (no worker runs in this file).
    await app
      .get(QueueMonitor, { strict: false })
      .queue('waitlist')
      .add('dashboard-probe', {}, { delay: 3_600_000, jobId: 'dashboard-probe' });
    const ticket = await ticketFor(admin);

    const res = await http()
      .get('/admin/queues/api/queues')
      .set('cookie', withTicket(ticket))
      .expect(200);
    const queues = (res.body as { queues: BoardQueue[] }).queues;
    expect(queues.map((q) => q.name).sort()).toEqual(EVERY_QUEUE);
    for (const queue of queues) {
      expect(queue.readOnlyMode).toBe(true);
      expect(queue.counts).toEqual(
        expect.objectContaining({
          waiting: expect.any(Number),
          active: expect.any(Number),
          delayed: expect.any(Number),
          failed: expect.any(Number),
          completed: expect.any(Number),
        }),
      );
    }
    expect(queues.find((q) => q.name === 'waitlist')!.counts.delayed).toBe(1);

    const page = await http().get('/admin/queues').set('cookie', withTicket(ticket)).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<base href="/admin/queues/"');
    expect(page.headers['content-security-policy']).toBe(QUEUE_DASHBOARD_CSP);
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)![1];
    await http()
      .get(`/admin/queues/${script}`)
      .set('cookie', withTicket(ticket))
      .expect(200)
      .expect('content-type', /javascript/);
    // Other routes keep the strict policy.
    const me = await http().get('/me').set('authorization', admin.bearer).expect(200);
    expect(me.headers['content-security-policy']).toBe(STRICT_CSP);
  });

  it('refuses every board route without a ticket, in the API error shape', async () => {
    expect(boardRoutes).toEqual(
      expect.arrayContaining([
        'GET /admin/queues',
        'GET /admin/queues/api/queues',
        'PUT /admin/queues/api/queues/:queueName/:jobId/retry',
        'GET /admin/queues/static/*',
      ]),
    );
    for (const route of boardRoutes) {
      const [method, template] = route.split(' ');
      const path = template
        .replace(':queueName', 'payments')
        .replace(/:\w+/g, 'x')
        .replace('*', 'js/main.js');
      // An admin's bearer token is no ticket; the own origin gets changes past the origin check.
      const res = await http()
        [method.toLowerCase() as 'get'](path)
        .set('authorization', admin.bearer)
        .set('host', 'own.example')
        .set('origin', 'http://own.example');
      expect({ route, status: res.status, code: res.body?.error?.code }).toEqual({
        route,
        status: 401,
        code: 'TICKET_REQUIRED',
      });
    }
  });

  it('refuses a forged ticket, an expired one and an access token in its place', async () => {
    const sid = await sessionOf(admin.id);
    const now = Math.floor(Date.now() / 1000);
    const refused = async (ticket: string) => {
      const res = await http()
        .get('/admin/queues/api/queues')
        .set('cookie', withTicket(ticket))
        .expect(401);
      expect(res.body).toEqual({ error: { code: 'TICKET_INVALID', message: expect.any(String) } });
      expect(res.text).not.toContain('queues":[');
    };
    // Sanity: the minting helper makes tickets the board accepts.
    await http()
      .get('/admin/queues/api/queues')
      .set('cookie', withTicket(mintTicket({ sub: admin.id, sid, exp: now + 60 })))
      .expect(200);
    await refused(mintTicket({ sub: admin.id, sid, exp: now + 60 }, 'not-the-secret'));
    await refused(mintTicket({ sub: admin.id, sid, exp: now - 1 }));
    await refused(mintTicket({ sub: admin.id, sid }));
    await refused(mintTicket({ sub: admin.id, sid, exp: now + 60, typ: 'access' }));
    await refused(admin.accessToken);
    await refused(mintTicket({ sub: admin.id, sid: randomUUID(), exp: now + 60 }));
  });

  it('refuses fans: no ticket for them, and a ticket in their name does not open it', async () => {
    const noTicket = await http()
      .post('/admin/queues/session')
      .set('authorization', fan.bearer)
      .expect(403);
    expect(noTicket.body.error.code).toBe('ROLE_REQUIRED');
    expect(noTicket.headers['set-cookie']).toBeUndefined();

    const sid = await sessionOf(fan.id);
    const forFan = mintTicket({ sub: fan.id, sid, exp: Math.floor(Date.now() / 1000) + 60 });
    const res = await http()
      .get('/admin/queues/api/queues')
      .set('cookie', withTicket(forFan))
      .expect(403);
    expect(res.body.error.code).toBe('ROLE_REQUIRED');
    const page = await http().get('/admin/queues/').set('cookie', withTicket(forFan)).expect(403);
    expect(page.text).not.toContain('<html');
  });

  it('ends an admin ticket at once when its admin is suspended or signs out', async () => {
    const second = await createAccount(app, db, { role: 'admin', email: 'second@queues.example' });
    const ticket = await ticketFor(second);
    await http().get('/admin/queues/api/queues').set('cookie', withTicket(ticket)).expect(200);
    await http()
      .post(`/admin/users/${second.id}/suspend`)
      .set('authorization', admin.bearer)
      .send({ reason: 'left the team' })
      .expect(200);
    // Suspension revokes the account's sessions, the ticket's among them.
    const suspended = await http()
      .get('/admin/queues/api/queues')
      .set('cookie', withTicket(ticket))
      .expect(401);
    expect(suspended.body.error.code).toBe('SESSION_REVOKED');

    const third = await createAccount(app, db, { role: 'admin', email: 'third@queues.example' });
    const thirdTicket = await ticketFor(third);
    await http().post('/auth/logout').set('authorization', third.bearer).expect(204);
    const signedOut = await http()
      .get('/admin/queues/api/queues')
      .set('cookie', withTicket(thirdTicket))
      .expect(401);
    expect(signedOut.body.error.code).toBe('SESSION_REVOKED');
  });

  it('ends an admin ticket at once when its admin is demoted', async () => {
    const fourth = await createAccount(app, db, { role: 'admin', email: 'fourth@queues.example' });
    const ticket = await ticketFor(fourth);
    await http().get('/admin/queues/api/queues').set('cookie', withTicket(ticket)).expect(200);
    // No route demotes an admin yet: the change as any role change is published, the row and
    // then the guard's cache.
    await db.query(`UPDATE users SET role = 'fan' WHERE id = $1`, [fourth.id]);
    await app
      .get(AuthStateCache, { strict: false })
      .userChanged(fourth.id, { role: 'fan', status: 'active' });
    const demoted = await http()
      .get('/admin/queues/api/queues')
      .set('cookie', withTicket(ticket))
      .expect(403);
    expect(demoted.body.error.code).toBe('ROLE_REQUIRED');
  });

  it('takes state-changing requests only from its own origin, and changes nothing anyway', async () => {
    const ticket = await ticketFor(admin);
    const crossSite = await http()
      .put('/admin/queues/api/queues/payments/pause')
      .set('cookie', withTicket(ticket))
      .set('origin', 'https://evil.example')
      .expect(403);
    expect(crossSite.body.error.code).toBe('ORIGIN_REFUSED');
    const noOrigin = await http()
      .put('/admin/queues/api/queues/payments/pause')
      .set('cookie', withTicket(ticket))
      .expect(403);
    expect(noOrigin.body.error.code).toBe('ORIGIN_REFUSED');

    const server = app.getHttpServer();
    const own = await request(server)
      .put('/admin/queues/api/queues/payments/pause')
      .set('cookie', withTicket(ticket))
      .set('origin', 'http://own.example')
      .set('host', 'own.example');
    // Past the hook, the read-only board refuses the change itself.
    expect(own.status).toBeGreaterThanOrEqual(400);
    expect(own.body?.error?.code).not.toBe('ORIGIN_REFUSED');
    expect(await app.get(QueueMonitor, { strict: false }).queue('payments').isPaused()).toBe(false);
  });
});
