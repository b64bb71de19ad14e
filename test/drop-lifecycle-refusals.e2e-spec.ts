import { DropClock, DROPS_QUEUE } from '@limited-run/drops';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import {
  catalogSnapshot,
  createDrop,
  createItem,
  hoodie,
  inSeconds,
  record,
  scheduleDrop,
  type TestDrop,
  type TestItem,
} from './support/drops';
import { eventually, useApiOnTestDatabase } from './support/test-app';

describe('the drop lifecycle refuses what it does not allow, and writes nothing when it does', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  const slug = 'night-shift';
  let owner: TestAccount;
  let garment: TestItem;
  let vinyl: TestItem;
  let drops = 0;

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, slug);
    garment = await createItem(ctx.app, owner, slug, hoodie('NS'));
    vinyl = await createItem(ctx.app, owner, slug, record('NS'));
  });

  const as = (req: request.Test): request.Test => req.set('authorization', owner.bearer);
  const path = (dropId: string, rest = '') => `/collectives/${slug}/drops/${dropId}${rest}`;

  const draft = (extra: Record<string, unknown> = {}) => {
    drops++;
    return createDrop(ctx.app, owner, slug, {
      name: `Drop ${drops}`,
      slug: `drop-${drops}`,
      startsAt: inSeconds(3600),
      lines: [
        { variantId: garment.variants[0].id, quantity: 2 },
        { variantId: vinyl.variants[1].id, quantity: 5 },
      ],
      ...extra,
    });
  };

  /** A drop made live the way the worker does it, without waiting for one. */
  const liveDrop = async (): Promise<TestDrop> => {
    const created = await draft({ startsAt: inSeconds(1), endsAt: inSeconds(3600) });
    await scheduleDrop(ctx.app, owner, slug, created.id);
    const clock = ctx.app.get(DropClock);
    await eventually(async () => ((await clock.open(created.id)) === 'done' ? true : undefined));
    return created;
  };

  /** Sends a request that must be refused, and checks that nothing at all was written. */
  const refused = async (req: () => request.Test, status: number, code: string) => {
    const before = await catalogSnapshot(ctx.db);
    const res = await req();
    expect([res.status, res.body.error?.code]).toEqual([status, code]);
    expect(await catalogSnapshot(ctx.db)).toEqual(before);
    return res.body.error as { details?: Array<Record<string, unknown>> };
  };

  it('inconsistent drops are refused at creation with 422 INVALID_DROP naming the field', async () => {
    const base = { name: 'X', slug: 'x', startsAt: inSeconds(3600) };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, endsAt: inSeconds(3000) }, 'endsAt'],
      [{ ...base, releaseMode: 'raffle' }, 'entryClosesAt'],
      [{ ...base, releaseMode: 'raffle', entryClosesAt: inSeconds(3700) }, 'entryClosesAt'],
      [{ ...base, releaseMode: 'waitlist_first' }, 'earlyAccessStartsAt'],
      [{ ...base, earlyAccessStartsAt: inSeconds(1800) }, 'earlyAccessStartsAt'],
    ];
    for (const [body, field] of cases) {
      const error = await refused(
        () => as(http().post(`/collectives/${slug}/drops`)).send(body),
        422,
        'INVALID_DROP',
      );
      expect(error.details?.map((d) => d.field)).toEqual([field]);
    }
    const badShape = await refused(
      () =>
        as(http().post(`/collectives/${slug}/drops`)).send({
          ...base,
          startsAt: '2026-12-05 18:00',
          holdSeconds: 30,
          slug: 'Not A Slug',
        }),
      400,
      'VALIDATION_FAILED',
    );
    expect(new Set(badShape.details?.map((d) => d.field))).toEqual(
      new Set(['startsAt', 'holdSeconds', 'slug']),
    );
  });

  it('scheduling checks everything: no lines and a start already past → 422 DROP_NOT_SCHEDULABLE', async () => {
    const empty = await draft({ lines: [], startsAt: inSeconds(-60) });
    const error = await refused(
      () => as(http().post(path(empty.id, '/schedule'))),
      422,
      'DROP_NOT_SCHEDULABLE',
    );
    expect(error.details?.map((d) => d.field).sort()).toEqual(['lines', 'startsAt']);
  });

  it('forbidden transitions → 409 INVALID_DROP_TRANSITION with from and to', async () => {
    const drop = await draft();
    await scheduleDrop(ctx.app, owner, slug, drop.id);
    const twice = await refused(
      () => as(http().post(path(drop.id, '/schedule'))),
      409,
      'INVALID_DROP_TRANSITION',
    );
    expect(twice.details?.[0]).toMatchObject({ from: 'scheduled', to: 'scheduled' });

    await as(http().post(path(drop.id, '/cancel'))).expect(200);
    for (const action of ['/schedule', '/cancel']) {
      const error = await refused(
        () => as(http().post(path(drop.id, action))),
        409,
        'INVALID_DROP_TRANSITION',
      );
      expect(error.details?.[0]).toMatchObject({
        from: 'cancelled',
        to: action === '/schedule' ? 'scheduled' : 'cancelled',
      });
    }
    // Once scheduled, a drop was announced: its page now says it was cancelled (issue 11).
    const page = await http().get(`/drops/${drop.id}`).expect(200);
    expect(page.body.state).toBe('cancelled');
  });

  it('a scheduled drop may change its details and times (its jobs follow), never its lines', async () => {
    const drop = await draft();
    await scheduleDrop(ctx.app, owner, slug, drop.id);
    const later = inSeconds(7200);
    const moved = await as(http().patch(path(drop.id)))
      .send({ startsAt: later, perCustomerLimit: 3 })
      .expect(200);
    expect(moved.body).toMatchObject({ state: 'scheduled', startsAt: later, perCustomerLimit: 3 });
    const queue = ctx.app.get<Queue>(getQueueToken(DROPS_QUEUE));
    expect((await queue.getJob(`drop:${drop.id}:open`))?.data).toEqual({
      dropId: drop.id,
      startsAt: later,
    });

    const update = await ctx.db.query(
      `SELECT actor_user_id, before, after FROM audit_events
        WHERE target_id = $1 AND action = 'drop.update'`,
      [drop.id],
    );
    expect(update.rows).toEqual([
      {
        actor_user_id: owner.id,
        before: { startsAt: drop.startsAt, perCustomerLimit: 1 },
        after: { startsAt: later, perCustomerLimit: 3 },
      },
    ]);

    await refused(
      () => as(http().patch(path(drop.id))).send({ startsAt: inSeconds(-10) }),
      422,
      'DROP_NOT_SCHEDULABLE',
    );
    await refused(
      () => as(http().put(path(drop.id, `/lines/${garment.variants[1].id}`))).send({ quantity: 1 }),
      409,
      'DROP_FROZEN',
    );
    await refused(
      () => as(http().delete(path(drop.id, `/lines/${garment.variants[0].id}`))),
      409,
      'DROP_FROZEN',
    );
  });

  it('a live drop freezes lines, prices and limits: only a later endsAt or cancelling is accepted', async () => {
    const drop = await liveDrop();
    const edits: Array<() => request.Test> = [
      () => as(http().patch(path(drop.id))).send({ perCustomerLimit: 5 }),
      () => as(http().patch(path(drop.id))).send({ name: 'Renamed' }),
      () => as(http().patch(path(drop.id))).send({ endsAt: inSeconds(9000) }),
      () => as(http().put(path(drop.id, `/lines/${garment.variants[0].id}`))).send({ quantity: 1 }),
      () => as(http().put(path(drop.id, `/lines/${garment.variants[2].id}`))).send({ quantity: 1 }),
      () => as(http().delete(path(drop.id, `/lines/${vinyl.variants[1].id}`))),
    ];
    for (const edit of edits) {
      const error = await refused(edit, 409, 'DROP_FROZEN');
      expect(error.details?.[0]).toMatchObject({ state: 'live' });
    }
    const back = await refused(
      () => as(http().post(path(drop.id, '/schedule'))),
      409,
      'INVALID_DROP_TRANSITION',
    );
    expect(back.details?.[0]).toMatchObject({ from: 'live', to: 'scheduled' });

    // The variant's price may change; the live drop keeps the price it was scheduled with.
    await as(
      http().patch(`/collectives/${slug}/items/${vinyl.id}/variants/${vinyl.variants[1].id}`),
    )
      .send({ priceMinor: 9900 })
      .expect(200);
    const red = (body: TestDrop) => body.lines.find((l) => l.variant.id === vinyl.variants[1].id);
    const page = (await http().get(`/drops/${drop.id}`).expect(200)).body as TestDrop;
    expect(red(page)).toMatchObject({ priceMinor: 3200, currency: 'EUR' });
    const staffView = await as(http().get(path(drop.id))).expect(200);
    expect(red(staffView.body)).toMatchObject({ priceMinor: 3200, priceFrozen: true });
    // … while a draft follows the variant's current price until it is scheduled.
    const fresh = await draft();
    expect(red(fresh)).toMatchObject({ priceMinor: 9900 });

    // endsAt only moves later.
    const current = (await as(http().get(path(drop.id))).expect(200)).body.endsAt as string;
    const shorter = await refused(
      () => as(http().post(path(drop.id, '/extend'))).send({ endsAt: inSeconds(60) }),
      422,
      'ENDS_AT_NOT_EXTENDED',
    );
    expect(shorter.details?.[0]).toMatchObject({ field: 'endsAt' });
    const newEnd = new Date(Date.parse(current) + 3600_000).toISOString();
    const extended = await as(http().post(path(drop.id, '/extend')))
      .send({ endsAt: newEnd })
      .expect(200);
    expect(extended.body).toMatchObject({ state: 'live', endsAt: newEnd });
    const queue = ctx.app.get<Queue>(getQueueToken(DROPS_QUEUE));
    expect((await queue.getJob(`drop:${drop.id}:close`))?.data).toEqual({
      dropId: drop.id,
      endsAt: newEnd,
    });

    // Cancelling a live drop ends it, gives its unsold units back and takes it off the list.
    const cancelled = await as(http().post(path(drop.id, '/cancel'))).expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect(cancelled.body.cancelledAt).toEqual(expect.any(String));
    // Its page says so (issue 11: the public state vocabulary includes `cancelled`).
    expect((await http().get(`/drops/${drop.id}`).expect(200)).body.state).toBe('cancelled');
    await refused(
      () => as(http().post(path(drop.id, '/extend'))).send({ endsAt: inSeconds(99_999) }),
      409,
      'DROP_FROZEN',
    );

    const actions = await ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE target_id = $1 ORDER BY occurred_at`,
      [drop.id],
    );
    expect(actions.rows.map((r) => r.action)).toEqual([
      'drop.create',
      'drop.schedule',
      'drop.open',
      'drop.extend',
      'drop.cancel',
    ]);
  });
});
