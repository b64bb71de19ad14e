// Swagger maps every route for whoever asks: with SWAGGER_ENABLED=false (production's default)
// neither the UI nor the document is served, while the API and the browser app still are.
process.env.SWAGGER_ENABLED = 'false';
import request from 'supertest';
import { useApiOnTestDatabase } from './support/test-app';

describe('Swagger where configured', () => {
  const ctx = useApiOnTestDatabase();

  it('serves neither /docs nor /docs-json when switched off', async () => {
    await request(ctx.app.getHttpServer()).get('/docs').expect(404);
    await request(ctx.app.getHttpServer()).get('/docs-json').expect(404);
    await request(ctx.app.getHttpServer()).get('/health/live').expect(200);
  });

  it('gives API answers the strict content security policy', async () => {
    const res = await request(ctx.app.getHttpServer()).get('/health/live').expect(200);
    expect(res.headers['content-security-policy']).toContain(`script-src 'self'`);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });
});
