import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createItem, inSeconds, record } from './support/drops';
import { useApiOnTestDatabase } from './support/test-app';

/**
 * Values that once reached Postgres and came back as 500s: NUL characters and lone surrogates in
 * strings, page numbers past any integer column, a variant listed twice in two spellings.
 */
describe('hostile strings and numbers are refused with 400 and write nothing', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let admin: TestAccount;
  let owner: TestAccount;
  const slug = 'hostile-label';

  beforeAll(async () => {
    admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, slug);
  });

  const count = async (table: string): Promise<number> =>
    (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it.each([
    [
      'a NUL in the display name',
      '{"email":"nul@example.com","password":"long enough pw","displayName":"a\\u0000b"}',
      'displayName',
    ],
    [
      'a NUL in the email',
      '{"email":"n\\u0000l@example.com","password":"long enough pw","displayName":"x"}',
      'email',
    ],
    [
      'a lone high surrogate',
      '{"email":"s@example.com","password":"long enough pw","displayName":"a\\ud800b"}',
      'displayName',
    ],
    [
      'a lone low surrogate in the password',
      '{"email":"t@example.com","password":"long enough \\udc00","displayName":"x"}',
      'password',
    ],
    [
      'a NUL in a key',
      '{"email":"k@example.com","password":"long enough pw","displayName":"x","a\\u0000":1}',
      'a\u0000',
    ],
  ])('sign-up with %s → 400 naming the field', async (_label, body, field) => {
    const users = await count('users');
    const res = await http()
      .post('/auth/signup')
      .set('content-type', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field }] });
    expect(await count('users')).toBe(users);
  });

  it('accepts a well-formed astral character (a surrogate pair) in a string', async () => {
    const res = await http()
      .post('/auth/signup')
      .send({ email: 'astral@example.com', password: 'long enough pw', displayName: 'vinyl 🎶' });
    expect(res.status).toBe(201);
  });

  it('refuses a NUL in a query string and in an item attribute', async () => {
    const query = await http().get('/drops?collective=a%00b');
    expect(query.status).toBe(400);
    const items = await count('items');
    const item = record('NUL');
    (item.attributes as Record<string, unknown>).catalogueNumber = 'NS\u0000014';
    const res = await http()
      .post(`/collectives/${slug}/items`)
      .set('authorization', owner.bearer)
      .send(item);
    expect(res.status).toBe(400);
    expect(await count('items')).toBe(items);
  });

  it.each([
    '/drops?page=1e20',
    '/drops?page=100000000000000000000',
    '/drops?pageSize=1e20',
    '/admin/collectives?page=1e20',
    '/admin/users?page=99999999999999999999',
    `/collectives/${slug}/items?page=1e20`,
  ])('GET %s → 400, not a database error', async (path) => {
    const res = await http().get(path).set('authorization', admin.bearer);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it.each(['99999999999999999999', '1e20', '0', '-1', '17x'])(
    'a serial number %s → 400',
    async (serial) => {
      const item = await createItem(
        ctx.app,
        owner,
        slug,
        record(`SER${serial.length}${serial[0]}`),
      );
      const res = await http().get(`/editions/${item.variants[0].id}/serials/${serial}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    },
  );

  it('refuses a drop that lists one variant twice in two spellings, writing no drop', async () => {
    const item = await createItem(ctx.app, owner, slug, record('TWICE'));
    const variant = item.variants[0].id;
    const drops = await count('drops');
    const res = await http()
      .post(`/collectives/${slug}/drops`)
      .set('authorization', owner.bearer)
      .send({
        name: 'Twice',
        slug: 'twice',
        startsAt: inSeconds(3600),
        lines: [
          { variantId: variant, quantity: 1 },
          { variantId: variant.toUpperCase(), quantity: 1 },
        ],
      });
    expect([400, 409, 422]).toContain(res.status);
    expect(await count('drops')).toBe(drops);
  });
});
