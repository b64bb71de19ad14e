import request from 'supertest';
import { createAccount, TestAccount } from './support/accounts';
import { addMember, createCollective, TestCollective } from './support/collectives';
import { useApiOnTestDatabase } from './support/test-app';

/**
 * Owners changing each other at the same moment must never leave a collective without an
 * owner: each change locks the collective row, re-checks the caller and counts owners under
 * that lock.
 */
describe('a collective keeps an owner however owners race to step down or remove each other', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  const ROUNDS = 6;

  let admin: TestAccount;
  let ana: TestAccount;
  let bo: TestAccount;
  let collective: TestCollective;
  beforeAll(async () => {
    admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    ana = await createAccount(ctx.app, ctx.db);
    bo = await createAccount(ctx.app, ctx.db);
    collective = await createCollective(ctx.app, admin, ana, 'two-owners');
    await addMember(ctx.app, ana, collective.slug, bo, 'owner');
  });

  const owners = async (): Promise<string[]> =>
    (
      await ctx.db.query<{ user_id: string }>(
        `SELECT user_id FROM collective_memberships WHERE collective_id = $1 AND role = 'owner'`,
        [collective.id],
      )
    ).rows.map((r) => r.user_id);
  const bothOwners = async (): Promise<void> => {
    await ctx.db.query(
      `INSERT INTO collective_memberships (collective_id, user_id, role) VALUES ($1, $2, 'owner'), ($1, $3, 'owner')
         ON CONFLICT (collective_id, user_id) DO UPDATE SET role = 'owner'`,
      [collective.id, ana.id, bo.id],
    );
  };
  const auditCount = async (action: string): Promise<number> =>
    Number(
      (
        await ctx.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM audit_events WHERE action = $1 AND collective_id = $2`,
          [action, collective.id],
        )
      ).rows[0].n,
    );
  const codes = (responses: request.Response[]): Array<[number, string | undefined]> =>
    responses
      .map((r): [number, string | undefined] => [r.status, r.body?.error?.code])
      .sort((a, b) => a[0] - b[0]);

  it('two owners each stepping down at once: one succeeds, the other is the last owner (409)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await bothOwners();
      const before = await auditCount('collective.member.role_change');
      const responses = await Promise.all(
        [ana, bo].map((me) =>
          http()
            .patch(`/collectives/${collective.slug}/members/${me.id}`)
            .set('authorization', me.bearer)
            .send({ role: 'staff' }),
        ),
      );
      expect(codes(responses)).toEqual([
        [200, undefined],
        [409, 'LAST_OWNER'],
      ]);
      expect(await owners()).toHaveLength(1);
      expect(await auditCount('collective.member.role_change')).toBe(before + 1);
    }
  });

  it('two owners demoting each other at once: one succeeds, the loser is no longer an owner (403)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await bothOwners();
      const responses = await Promise.all(
        [
          [ana, bo],
          [bo, ana],
        ].map(([me, other]) =>
          http()
            .patch(`/collectives/${collective.slug}/members/${other.id}`)
            .set('authorization', me.bearer)
            .send({ role: 'staff' }),
        ),
      );
      expect(codes(responses)).toEqual([
        [200, undefined],
        [403, 'OWNER_REQUIRED'],
      ]);
      expect(await owners()).toHaveLength(1);
    }
  });

  it('two owners removing each other at once: exactly one removal, one owner left', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await bothOwners();
      const before = await auditCount('collective.member.remove');
      const responses = await Promise.all(
        [
          [ana, bo],
          [bo, ana],
        ].map(([me, other]) =>
          http()
            .delete(`/collectives/${collective.slug}/members/${other.id}`)
            .set('authorization', me.bearer),
        ),
      );
      // The loser's membership is gone by the time it holds the lock.
      expect(codes(responses)).toEqual([
        [204, undefined],
        [403, 'NOT_A_MEMBER'],
      ]);
      expect(await owners()).toHaveLength(1);
      expect(await auditCount('collective.member.remove')).toBe(before + 1);
    }
  });

  it('an admin and the owners all demoting owners at once still leave exactly one owner', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await bothOwners();
      const before = await auditCount('collective.member.role_change');
      const responses = await Promise.all(
        [ana, bo, admin].flatMap((caller) =>
          [ana, bo].map((target) =>
            http()
              .patch(`/collectives/${collective.slug}/members/${target.id}`)
              .set('authorization', caller.bearer)
              .send({ role: 'staff' }),
          ),
        ),
      );
      // Demoting someone already staff is a no-op 200; only one real change may happen.
      expect(responses.every((r) => [200, 403, 409].includes(r.status))).toBe(true);
      expect(await auditCount('collective.member.role_change')).toBe(before + 1);
      expect(await owners()).toHaveLength(1);
    }
  });
});
