import request from 'supertest';
import { useApiOnTestDatabase } from './support/test-app';

describe('the API boots on its own migrated database', () => {
  const ctx = useApiOnTestDatabase();

  it('runs against a database of its own, already migrated from the template', async () => {
    const expected = new URL(process.env.DATABASE_URL ?? '').pathname.slice(1);
    const { rows } = await ctx.db.query<{ name: string }>('SELECT current_database() AS name');
    expect(rows[0].name).toBe(expected);
    const migrations = await ctx.db.query<{ name: string }>('SELECT name FROM typeorm_migrations');
    expect(migrations.rows.map((r) => r.name)).toContain('UsersAndNotifications1764150000000');
  });

  it('is live, and ready once Postgres, Redis and the queues answer', async () => {
    await request(ctx.app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(ctx.app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.details).toMatchObject({
      database: { status: 'up' },
      redis: { status: 'up' },
      queues: { status: 'up' },
    });
  });

  it('serves OpenAPI: Swagger UI at /docs and JSON at /docs-json', async () => {
    const ui = await request(ctx.app.getHttpServer()).get('/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    const json = await request(ctx.app.getHttpServer()).get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/health/live', '/health/ready', '/auth/signup']),
    );
  });

  it('answers unknown routes and bad JSON in the one error shape', async () => {
    const missing = await request(ctx.app.getHttpServer()).get('/no-such-route').expect(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    const badJson = await request(ctx.app.getHttpServer())
      .post('/auth/signup')
      .set('content-type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(badJson.body.error.code).toBe('BAD_REQUEST');
  });

  it('tags every response with a request id, reusing a sane incoming one', async () => {
    const fresh = await request(ctx.app.getHttpServer()).get('/health/live');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const reused = await request(ctx.app.getHttpServer())
      .get('/health/live')
      .set('x-request-id', 'edge-42');
    expect(reused.headers['x-request-id']).toBe('edge-42');
    const refused = await request(ctx.app.getHttpServer())
      .get('/health/live')
      .set('x-request-id', 'bad id with spaces');
    expect(refused.headers['x-request-id']).not.toContain('bad id');
  });

  it('sends security headers', async () => {
    const res = await request(ctx.app.getHttpServer()).get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });
});
