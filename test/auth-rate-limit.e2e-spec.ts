import './support/env/trusted-loopback-proxy';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startApi, useApiOnTestDatabase } from './support/test-app';

// RATE_LIMIT_AUTH is 3/600 here: three auth requests per client per 10 minutes.
const LIMIT = 3;
const WINDOW_SECONDS = 600;

const signUp = (app: NestFastifyApplication, clientIp: string): request.Test =>
  request(app.getHttpServer())
    .post('/auth/signup')
    .set('x-forwarded-for', clientIp)
    .send({
      email: `fan-${randomUUID()}@example.com`,
      password: 'correct horse battery',
      displayName: 'Fan',
    });

describe('auth routes are rate limited per client, across API processes', () => {
  const ctx = useApiOnTestDatabase();
  let second: NestFastifyApplication;

  beforeAll(async () => {
    second = await startApi();
  });
  afterAll(async () => {
    await second?.close();
  });

  const users = async (): Promise<number> =>
    Number((await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM users')).rows[0].n);

  it('refuses the request past the limit with 429 RATE_LIMITED and Retry-After, writing nothing', async () => {
    const client = '203.0.113.1';
    for (let i = 0; i < LIMIT; i++) await signUp(ctx.app, client).expect(201);
    const before = await users();

    const refused = await signUp(ctx.app, client).expect(429);
    expect(refused.body).toEqual({
      error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests/) },
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(WINDOW_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(await users()).toBe(before);
  });

  it('counts a client once across two API instances sharing Redis', async () => {
    const client = '203.0.113.2';
    const apps = [ctx.app, second, ctx.app, second, ctx.app, second];
    const statuses: number[] = [];
    for (const app of apps) statuses.push((await signUp(app, client)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
  });

  it('gives each client its own budget, told apart by X-Forwarded-For from a trusted proxy', async () => {
    // 203.0.113.1 is blocked by now; a different client behind the same proxy is not.
    await signUp(ctx.app, '203.0.113.1').expect(429);
    await signUp(second, '198.51.100.7').expect(201);
  });

  it('lets an allowed origin make credentialed cross-origin calls, and no other', async () => {
    const preflight = (origin: string): request.Test =>
      request(ctx.app.getHttpServer())
        .options('/auth/login')
        .set('origin', origin)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type');

    const allowed = await preflight('https://shop.example.com');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    expect(allowed.headers['access-control-allow-methods']).toContain('POST');

    const refused = await preflight('https://evil.example.net');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();

    const health = await request(ctx.app.getHttpServer())
      .get('/health/live')
      .set('origin', 'https://shop.example.com');
    const exposed = String(health.headers['access-control-expose-headers']).split(/,\s*/);
    expect(exposed.sort()).toEqual(['retry-after', 'x-request-id']);
  });
});
