import './support/env/tight-entry-limits';
import request from 'supertest';
import { createAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createCrowd } from './support/crowd';
import { createDrop, createItem, hoodie, inSeconds, scheduleDrop } from './support/drops';
import { useApiOnTestDatabase } from './support/test-app';

describe('bots are slowed per account and per address on entering raffles and waitlists', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());

  it('a fan gets 3 raffle calls per window, an address 8 entry calls, whoever makes them', async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    const owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, 'night-shift');
    const item = await createItem(ctx.app, owner, 'night-shift', hoodie('RL'));
    const drop = await createDrop(ctx.app, owner, 'night-shift', {
      name: 'Limited',
      slug: 'limited',
      releaseMode: 'raffle',
      entryClosesAt: inSeconds(600),
      startsAt: inSeconds(900),
      lines: [{ variantId: item.variants[0].id, quantity: 5 }],
    });
    await scheduleDrop(ctx.app, owner, 'night-shift', drop.id);
    const [bot, ...others] = await createCrowd(ctx.app, ctx.db, 8);
    const enter = (bearer: string) =>
      http()
        .post(`/drops/${drop.id}/raffle/entries`)
        .set('authorization', bearer)
        .send({ variantId: item.variants[0].id });
    const withdraw = (bearer: string) =>
      http().delete(`/drops/${drop.id}/raffle/entries`).set('authorization', bearer);

    // One account cycling enter/withdraw: its fourth call is refused, whatever it would do.
    await enter(bot.bearer).expect(201);
    await withdraw(bot.bearer).expect(204);
    await enter(bot.bearer).expect(201);
    const limited = await withdraw(bot.bearer).expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const entries = await ctx.db.query(
      `SELECT status FROM raffle_entries WHERE drop_id = $1 AND user_id = $2`,
      [drop.id, bot.id],
    );
    expect(entries.rows).toEqual([{ status: 'entered' }]);

    // Many accounts from one address share its budget of 8: 3 calls counted so far (the refused
    // one was stopped by the fan's limit first), 5 more, then 429 whoever asks.
    for (const fan of others.slice(0, 5)) await enter(fan.bearer).expect(201);
    const fromSameAddress = await enter(others[5].bearer).expect(429);
    expect(fromSameAddress.body.error.code).toBe('RATE_LIMITED');
    const waitlisted = await http()
      .post(`/drops/${drop.id}/waitlist`)
      .set('authorization', others[5].bearer)
      .expect(429);
    expect(waitlisted.body.error.code).toBe('RATE_LIMITED');
    const count = await ctx.db.query('SELECT count(*)::int AS n FROM raffle_entries');
    expect(count.rows[0].n).toBe(6);
  });
});
