import request from 'supertest';
import { MAX_JSON_DEPTH } from '@limited-run/platform';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { record } from './support/drops';
import { useApiOnTestDatabase } from './support/test-app';

/** `{"a":{"a":…}}` nested `depth` levels, as text (never built as an object here). */
const nested = (depth: number, leaf = '1'): string =>
  '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

describe('a JSON body nested deeper than the limit is refused before it costs anything', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let owner: TestAccount;
  const slug = 'deep-label';

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, slug);
  });

  const count = async (table: string): Promise<number> =>
    (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it.each([
    ['100,000 levels of objects on sign-up (unthrottled by auth)', '/auth/signup', nested(100_000)],
    ['100,000 levels of arrays on login', '/auth/login', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['one level past the limit on refresh', '/auth/refresh', nested(MAX_JSON_DEPTH + 1)],
  ])('%s → 400 VALIDATION_FAILED', async (_label, path, body) => {
    const users = await count('users');
    const res = await http().post(path).set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details[0].message).toContain(String(MAX_JSON_DEPTH));
    expect(await count('users')).toBe(users);
  });

  it('refuses item attributes 5,000 levels deep, writing no item', async () => {
    const items = await count('items');
    const body = JSON.stringify(record('DEEP')).replace(
      '"catalogueNumber":"NS-014"',
      `"catalogueNumber":${nested(5_000, '"x"')}`,
    );
    const res = await http()
      .post(`/collectives/${slug}/items`)
      .set('authorization', owner.bearer)
      .set('content-type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(await count('items')).toBe(items);
  });

  it('counts brackets inside strings as text, and accepts a body within the limit', async () => {
    const res = await http()
      .post('/auth/signup')
      .send({
        email: 'brackets@example.com',
        password: 'a long enough password',
        displayName: '[[[[{{{{'.repeat(6),
      });
    expect(res.status).toBe(201);
    const within = await http()
      .post(`/collectives/${slug}/items`)
      .set('authorization', owner.bearer)
      .send(record('OK'));
    expect(within.status).toBe(201);
  });

  it('keeps the server answering health checks while deep bodies arrive', async () => {
    const deep = nested(100_000);
    const floods = Array.from({ length: 30 }, () =>
      http().post('/auth/signup').set('content-type', 'application/json').send(deep),
    );
    const [live, ...answers] = await Promise.all([http().get('/health/live'), ...floods]);
    expect(live.status).toBe(200);
    expect(answers.every((a) => a.status === 400)).toBe(true);
  });
});
