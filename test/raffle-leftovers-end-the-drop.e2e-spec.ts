import './support/env/payments-offline';
import './support/env/waitlist-fast-sweep';
import request from 'supertest';
import { sweepHoldsNow } from './support/hold-sweep';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createDrop, createItem, hoodie, inSeconds, scheduleDrop } from './support/drops';
import { runOutHold } from './support/payments';
import { eventually, useApiOnTestDatabase } from './support/test-app';

/**
 * Issue 11: a raffle whose pass-down ran out left its unclaimed unit unsellable for ever and the
 * drop live for ever; its odds read 1 while two entries competed for one unit of a size, and
 * the "you are in line" mail counted every unit of every size as gone to the winners.
 */
describe('raffle leftovers go back to the edition and the drop ends; odds and mail tell the truth', () => {
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });
  let owner: TestAccount;
  const slug = 'raffle-leftovers';
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, slug, 'Raffle Leftovers');
  });

  const lapse = async (holdId: string) => {
    await runOutHold(ctx.db, holdId);
    await sweepHoldsNow(ctx.worker);
  };
  const entryOf = async (fan: TestAccount, dropId: string) =>
    (await http().get(`/drops/${dropId}/raffle/me`).set('authorization', fan.bearer).expect(200))
      .body as { status: string; holdId: string | null; rank: number | null };

  it('two entries for one unit of a size, none for the other: odds per variant, an honest mail, the pass-down runs out, the drop ends', async () => {
    const item = await createItem(ctx.app, owner, slug, hoodie('RL', 5));
    const [small, medium] = item.variants;
    const draft = await createDrop(ctx.app, owner, slug, {
      name: 'Leftover raffle',
      slug: 'leftover-raffle',
      releaseMode: 'raffle',
      entryClosesAt: inSeconds(4),
      startsAt: inSeconds(7),
      perCustomerLimit: 1,
      lines: [
        { variantId: small.id, quantity: 1 },
        { variantId: medium.id, quantity: 1 },
      ],
    });
    const dropId = draft.id;
    await scheduleDrop(ctx.app, owner, slug, dropId);
    const fans = [await createAccount(ctx.app, ctx.db), await createAccount(ctx.app, ctx.db)];
    for (const fan of fans) {
      await http()
        .post(`/drops/${dropId}/raffle/entries`)
        .set('authorization', fan.bearer)
        .send({ variantId: small.id })
        .expect(201);
    }

    // Two entries compete for the one small; nobody wants the medium.
    const odds = (await http().get(`/drops/${dropId}/raffle`).expect(200)).body;
    expect(odds).toMatchObject({ entries: 2, units: 2, odds: 0.5 });
    // One row per variant; lines created in one transaction share created_at, so their order
    // is not part of the answer.
    const byVariant = (a: { variantId: string }, b: { variantId: string }): number =>
      a.variantId.localeCompare(b.variantId);
    expect([...odds.variants].sort(byVariant)).toEqual(
      [
        { variantId: small.id, units: 1, entries: 2, odds: 0.5 },
        { variantId: medium.id, units: 1, entries: 0, odds: 1 },
      ].sort(byVariant),
    );

    // The draw: one wins, the other is told exactly what happened to the size they chose.
    const entries = await eventually(async () => {
      const found = await Promise.all(fans.map((fan) => entryOf(fan, dropId)));
      return found.every((e) => e.rank !== null) ? found : undefined;
    }, 20_000);
    const winnerAt = entries.findIndex((e) => e.status === 'won');
    const [winner, next] = [fans[winnerAt], fans[1 - winnerAt]];
    expect(entries[1 - winnerAt].status).toBe('in_line');
    const inLine = await eventually(() =>
      Promise.resolve(ctx.payments.mail.to(next.email).find((m) => /in line/.test(m.subject))),
    );
    expect(inLine.text).toMatch(/The variant you chose has 1 unit; 1 unit went to the entries/);

    // The unit nobody entered for goes back to its edition straight after the draw.
    const line = async (variantId: string) =>
      (
        await ctx.db.query<{
          allocated: number;
          held: number;
          sold: number;
          returned: number;
          edition: number;
        }>(
          `SELECT l.quantity_allocated AS allocated, l.held, l.sold, l.returned_to_edition AS returned,
                  v.allocated AS edition
             FROM drop_lines l JOIN variants v ON v.id = l.variant_id
            WHERE l.drop_id = $1 AND l.variant_id = $2`,
          [dropId, variantId],
        )
      ).rows[0];
    await eventually(async () => ((await line(medium.id)).returned === 1 ? true : undefined));
    expect(await line(medium.id)).toEqual({
      allocated: 0,
      held: 0,
      sold: 0,
      returned: 1,
      edition: 0,
    });

    // The win lapses and passes down; then that lapses too and nobody is left in line.
    await lapse(entries[winnerAt].holdId!);
    const offered = await eventually(async () => {
      const entry = await entryOf(next, dropId);
      return entry.status === 'offered' ? entry : undefined;
    }, 20_000);
    expect((await entryOf(winner, dropId)).status).toBe('lapsed');
    await lapse(offered.holdId!);

    // The drop ends: the small goes back to its edition, and once live the drop closes.
    const state = await eventually(async () => {
      const { rows } = await ctx.db.query<{ state: string }>(
        'SELECT state FROM drops WHERE id = $1',
        [dropId],
      );
      return rows[0].state === 'closed' ? rows[0].state : undefined;
    }, 30_000);
    expect(state).toBe('closed');
    expect(await line(small.id)).toEqual({
      allocated: 0,
      held: 0,
      sold: 0,
      returned: 1,
      edition: 0,
    });
    const { rows: ledger } = await ctx.db.query<{ kind: string; variant_id: string }>(
      `SELECT kind, variant_id FROM inventory_movements WHERE drop_id = $1 AND kind = 'return'
        ORDER BY id`,
      [dropId],
    );
    expect(ledger).toEqual([
      { kind: 'return', variant_id: medium.id },
      { kind: 'return', variant_id: small.id },
    ]);
  });
});
