import './support/env/untrusted-proxy';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { useApiOnTestDatabase } from './support/test-app';

describe('without TRUST_PROXY, X-Forwarded-For cannot buy a client a fresh budget', () => {
  const ctx = useApiOnTestDatabase();

  it('counts every request from one socket address against one budget, whatever it claims', async () => {
    const statuses: number[] = [];
    for (const claimed of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) {
      const res = await request(ctx.app.getHttpServer())
        .post('/auth/signup')
        .set('x-forwarded-for', claimed)
        .send({
          email: `fan-${randomUUID()}@example.com`,
          password: 'correct horse battery',
          displayName: 'Fan',
        });
      statuses.push(res.status);
    }
    // RATE_LIMIT_AUTH is 3/600 here.
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const res = await request(ctx.app.getHttpServer())
      .options('/auth/login')
      .set('origin', 'https://shop.example.com')
      .set('access-control-request-method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
