import './support/env/hourly-drop-sweep';
import { DROPS_QUEUE } from '@limited-run/drops';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import {
  createDrop,
  createItem,
  dropState,
  hoodie,
  inSeconds,
  record,
  scheduleDrop,
} from './support/drops';
import { eventually, useApiOnTestDatabase } from './support/test-app';

describe('a capsule drop of garments and vinyl opens and closes on time through the worker', () => {
  const ctx = useApiOnTestDatabase({ worker: true });
  let owner: TestAccount;
  const slug = 'night-shift';
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, slug, 'Night Shift');
  });

  const auditOf = async (dropId: string) =>
    (
      await ctx.db.query<{ action: string; actor_user_id: string | null }>(
        `SELECT action, actor_user_id FROM audit_events WHERE target_id = $1 ORDER BY occurred_at, action`,
        [dropId],
      )
    ).rows;

  it('hoodie in three sizes + LP in two pressings: draft, scheduled, opened at startsAt, closed at endsAt', async () => {
    const garment = await createItem(ctx.app, owner, slug, hoodie('NS'));
    const vinyl = await createItem(ctx.app, owner, slug, record('NS'));
    expect(garment.variants).toHaveLength(3);
    expect(vinyl.variants).toHaveLength(2);

    const draft = await createDrop(ctx.app, owner, slug, {
      name: 'Winter capsule',
      slug: 'winter-capsule',
      description: 'Hoodies and a clear-red pressing.',
      startsAt: inSeconds(3),
      endsAt: inSeconds(6),
      perCustomerLimit: 2,
      lines: [
        ...garment.variants.map((v) => ({ variantId: v.id, quantity: 20 })),
        ...vinyl.variants.map((v) => ({ variantId: v.id, quantity: 40 })),
      ],
    });
    expect(draft.state).toBe('draft');
    expect(draft.lines).toHaveLength(5);

    // The collective sees the allocation at once; the public sees nothing of a draft.
    const lp = await http()
      .get(`/collectives/${slug}/items/${vinyl.id}`)
      .set('authorization', owner.bearer)
      .expect(200);
    expect(lp.body.variants.map((v: { allocated: number }) => v.allocated)).toEqual([40, 40]);
    await http().get(`/drops/${draft.id}`).expect(404);
    expect((await http().get('/drops').expect(200)).body.total).toBe(0);

    const scheduled = await scheduleDrop(ctx.app, owner, slug, draft.id);
    expect(scheduled.state).toBe('scheduled');

    // One delayed job to open and one to close, under ids that make re-enqueuing a no-op.
    const queue = ctx.app.get<Queue>(getQueueToken(DROPS_QUEUE));
    const openJob = await queue.getJob(`drop:${draft.id}:open`);
    const closeJob = await queue.getJob(`drop:${draft.id}:close`);
    expect(await openJob?.getState()).toBe('delayed');
    expect(openJob?.data).toEqual({ dropId: draft.id, startsAt: draft.startsAt });
    expect(closeJob?.data).toEqual({ dropId: draft.id, endsAt: draft.endsAt });

    // The public page: both kinds on one page, prices, units on sale, remaining, the opening instant.
    const page = await http().get(`/drops/${draft.id}`).expect(200);
    expect(page.body).toMatchObject({
      id: draft.id,
      collective: { slug, name: 'Night Shift' },
      name: 'Winter capsule',
      state: 'scheduled',
      releaseMode: 'first_come',
      startsAt: draft.startsAt,
      endsAt: draft.endsAt,
      perCustomerLimit: 2,
      kinds: ['garment', 'vinyl'],
      unitsOnSale: 140,
      remaining: 140,
    });
    const red = page.body.lines.find(
      (l: { variant: { sku: string } }) => l.variant.sku === 'NS-LP-RED',
    );
    expect(red).toEqual({
      id: expect.any(String),
      variant: {
        id: vinyl.variants[1].id,
        sku: 'NS-LP-RED',
        label: 'Clear red, 180 g',
        attributes: { colourway: 'clear red', weightGrams: 180, pressing: 1 },
        editionSize: 150,
        numbered: true,
      },
      item: {
        id: vinyl.id,
        kind: 'vinyl',
        title: 'Afterhours LP',
        attributes: { format: 'LP', rpm: 33, catalogueNumber: 'NS-014' },
        mediaUrls: [],
        images: [],
        expectedShipDate: null,
      },
      priceMinor: 3200,
      currency: 'EUR',
      allocated: 40,
      remaining: 40,
    });
    const medium = page.body.lines.find(
      (l: { variant: { sku: string } }) => l.variant.sku === 'NS-HOOD-M',
    );
    expect(medium).toMatchObject({
      item: { kind: 'garment', attributes: { colour: 'washed black' } },
      variant: { attributes: { size: 'M' } },
      priceMinor: 8500,
      allocated: 20,
      remaining: 20,
    });

    // Listed while upcoming, and found by either kind and by its collective.
    for (const query of ['', '?kind=vinyl', '?kind=garment', `?collective=${slug}`]) {
      const list = await http().get(`/drops${query}`).expect(200);
      expect(list.body.drops.map((d: { id: string }) => d.id)).toEqual([draft.id]);
    }
    expect((await http().get('/drops?collective=someone-else').expect(200)).body.total).toBe(0);

    // The worker opens it at startsAt …
    await eventually(async () =>
      (await dropState(ctx.db, draft.id)) === 'live' ? true : undefined,
    );
    const opened = await ctx.db.query<{ on_time: boolean }>(
      'SELECT opened_at >= starts_at AS on_time FROM drops WHERE id = $1',
      [draft.id],
    );
    expect(opened.rows[0].on_time).toBe(true);
    expect((await http().get(`/drops/${draft.id}`).expect(200)).body.state).toBe('live');

    // … and closes it at endsAt.
    await eventually(async () =>
      (await dropState(ctx.db, draft.id)) === 'closed' ? true : undefined,
    );
    const closed = await ctx.db.query<{ on_time: boolean }>(
      'SELECT closed_at >= ends_at AS on_time FROM drops WHERE id = $1',
      [draft.id],
    );
    expect(closed.rows[0].on_time).toBe(true);
    expect((await http().get(`/drops/${draft.id}`).expect(200)).body.state).toBe('closed');
    expect((await http().get('/drops').expect(200)).body.total).toBe(0);

    // The owner's actions name the owner; the worker's transitions name nobody, once each.
    expect(await auditOf(draft.id)).toEqual([
      { action: 'drop.create', actor_user_id: owner.id },
      { action: 'drop.schedule', actor_user_id: owner.id },
      { action: 'drop.open', actor_user_id: null },
      { action: 'drop.close', actor_user_id: null },
    ]);
  });
});
