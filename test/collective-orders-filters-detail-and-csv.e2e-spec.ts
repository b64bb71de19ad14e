import './support/env/payments-offline';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { addMember } from './support/collectives';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { type HeldCheckout, holdAndCheckout, orderReaches } from './support/payments';
import { useApiOnTestDatabase } from './support/test-app';

interface ListedOrder {
  id: string;
  status: string;
  drop: { id: string };
  buyer: { email: string };
  collective?: { slug: string };
}

describe('a collective reads its orders: filters, detail with payment events, refunds, CSV', () => {
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });
  let drop: LiveDrop;
  let other: LiveDrop;
  let staff: TestAccount;
  let fan: TestAccount;
  let hostile: TestAccount;
  const paid: HeldCheckout[] = [];
  let unpaid: HeldCheckout;
  let otherOrder: HeldCheckout;
  let between: string;

  const http = () => request(ctx.app.getHttpServer());

  async function buy(account: TestAccount, on: LiveDrop, quantity: number, pay = true) {
    const order = await holdAndCheckout(ctx.app, account, on.id, on.variantIds[0], quantity);
    if (pay) {
      await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(order.sessionId)[0]);
      await orderReaches(ctx.db, order.orderId, 'paid');
    }
    return order;
  }

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [20], perCustomerLimit: 3 });
    other = await openLiveDrop(ctx.app, ctx.db, { units: [5] });
    staff = await createAccount(ctx.app, ctx.db);
    await addMember(ctx.app, drop.owner, drop.collective, staff, 'staff');
    fan = await createAccount(ctx.app, ctx.db, { displayName: 'Mo, "the collector"' });
    // A name a spreadsheet would run as a formula, typed by a stranger at sign-up.
    hostile = await createAccount(ctx.app, ctx.db, {
      displayName: '=HYPERLINK("http://x.test","win")',
    });

    paid.push(await buy(fan, drop, 2));
    between = (
      await ctx.db.query<{ t: Date }>(`SELECT clock_timestamp() AS t`)
    ).rows[0].t.toISOString();
    paid.push(await buy(hostile, drop, 1));
    unpaid = await buy(await createAccount(ctx.app, ctx.db), drop, 1, false);
    otherOrder = await buy(await createAccount(ctx.app, ctx.db), other, 1);
  });

  const list = (who: TestAccount, query: string) =>
    http().get(`/collectives/${drop.collective}/orders?${query}`).set('authorization', who.bearer);
  const ids = (body: { orders: ListedOrder[] }) => body.orders.map((o) => o.id).sort();

  it('filters by drop, status and creation time, with paging', async () => {
    const all = await list(staff, '').expect(200);
    expect(all.body.total).toBe(3);
    expect(ids(all.body)).toEqual([...paid.map((o) => o.orderId), unpaid.orderId].sort());

    const ofDrop = await list(staff, `dropId=${drop.id}&status=paid`).expect(200);
    expect(ids(ofDrop.body)).toEqual(paid.map((o) => o.orderId).sort());
    // Another collective's drop is no way into its orders.
    const foreignDrop = await list(staff, `dropId=${other.id}`).expect(200);
    expect(foreignDrop.body).toMatchObject({ total: 0, orders: [] });

    const later = await list(staff, `from=${encodeURIComponent(between)}`).expect(200);
    expect(ids(later.body)).toEqual([paid[1].orderId, unpaid.orderId].sort());
    const earlier = await list(staff, `to=${encodeURIComponent(between)}`).expect(200);
    expect(ids(earlier.body)).toEqual([paid[0].orderId]);

    const page2 = await list(staff, 'pageSize=2&page=2').expect(200);
    expect(page2.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(page2.body.orders).toHaveLength(1);

    for (const bad of ['dropId=nope', 'from=yesterday', 'to=2026-12-01T10:00', 'status=lost']) {
      const res = await list(staff, bad).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('shows one order with its buyer, edition numbers and payment events', async () => {
    const res = await http()
      .get(`/collectives/${drop.collective}/orders/${paid[0].orderId}`)
      .set('authorization', staff.bearer)
      .expect(200);
    expect(res.body).toMatchObject({
      id: paid[0].orderId,
      status: 'paid',
      quantity: 2,
      buyer: { userId: fan.id, email: fan.email, displayName: 'Mo, "the collector"' },
    });
    expect(res.body.serials.map((s: { label: string }) => s.label)).toEqual([
      '#1 of 20',
      '#2 of 20',
    ]);
    expect(res.body.paymentEvents).toEqual([
      expect.objectContaining({
        type: 'checkout.session.completed',
        outcome: expect.any(String),
        processedAt: expect.any(String),
      }),
    ]);

    // Another collective's order, by its real id, is not found.
    const foreign = await http()
      .get(`/collectives/${drop.collective}/orders/${otherOrder.orderId}`)
      .set('authorization', staff.bearer)
      .expect(404);
    expect(foreign.body.error.code).toBe('ORDER_NOT_FOUND');
  });

  it('refuses fans and other collectives’ staff everywhere', async () => {
    const csv = `/collectives/${drop.collective}/drops/${drop.id}/orders.csv`;
    const detail = `/collectives/${drop.collective}/orders/${paid[0].orderId}`;
    for (const who of [fan, other.owner]) {
      for (const path of [`/collectives/${drop.collective}/orders`, detail, csv]) {
        const res = await http().get(path).set('authorization', who.bearer);
        expect(res.status).toBe(403);
      }
      expect((await http().get('/admin/orders').set('authorization', who.bearer)).status).toBe(403);
    }
    expect((await http().get(csv)).status).toBe(401);
  });

  it('exports the drop’s paid orders as CSV, escaped and with formulas defused', async () => {
    const res = await http()
      .get(`/collectives/${drop.collective}/drops/${drop.id}/orders.csv`)
      .set('authorization', staff.bearer)
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="orders-${drop.id}.csv"`);
    const lines = (res.body as string).split('\r\n');
    expect(lines).toHaveLength(4); // header, two paid orders, the final CRLF
    expect(lines[0]).toBe(
      'order_id,created_at,paid_at,buyer_email,buyer_name,item,sku,variant,quantity,serials,' +
        'unit_price_minor,amount_minor,currency',
    );
    expect(lines[1]).toContain(`${paid[0].orderId},`);
    expect(lines[1]).toContain(`,${fan.email},"Mo, ""the collector""",Race pressing,`);
    expect(lines[1]).toMatch(/,2,#1 of 20; #2 of 20,3000,6000,EUR$/);
    expect(lines[2]).toContain(`,${hostile.email},"'=HYPERLINK(""http://x.test"",""win"")",`);
    expect(lines[3]).toBe('');
    expect(res.body).not.toContain(unpaid.orderId);

    const foreign = await http()
      .get(`/collectives/${drop.collective}/drops/${other.id}/orders.csv`)
      .set('authorization', staff.bearer)
      .expect(404);
    expect(foreign.body.error.code).toBe('DROP_NOT_FOUND');
  });

  async function ledger(): Promise<{ sold: number; refunded: number; lineSold: number }> {
    const { rows } = await ctx.db.query<{ sold: number; refunded: number; line_sold: number }>(
      `SELECT coalesce(sum(quantity) FILTER (WHERE kind = 'sell'), 0)::int AS sold,
              coalesce(sum(quantity) FILTER (WHERE kind = 'refund'), 0)::int AS refunded,
              (SELECT sold FROM drop_lines WHERE drop_id = $1) AS line_sold
         FROM inventory_movements WHERE drop_id = $1`,
      [drop.id],
    );
    return { sold: rows[0].sold, refunded: rows[0].refunded, lineSold: rows[0].line_sold };
  }

  it('refunds keep the ledger and the counters in step, with and without returning units', async () => {
    const remaining = async () =>
      ((await http().get(`/drops/${drop.id}`).expect(200)).body as { remaining: number }).remaining;
    expect(await ledger()).toEqual({ sold: 3, refunded: 0, lineSold: 3 });
    const before = await remaining();

    await http()
      .post(`/collectives/${drop.collective}/orders/${paid[1].orderId}/refund`)
      .set('authorization', drop.owner.bearer)
      .send({ returnUnitsToDrop: false })
      .expect(200);
    expect(await ledger()).toEqual({ sold: 3, refunded: 0, lineSold: 3 });
    expect(await remaining()).toBe(before);

    const res = await http()
      .post(`/collectives/${drop.collective}/orders/${paid[0].orderId}/refund`)
      .set('authorization', drop.owner.bearer)
      .send({ returnUnitsToDrop: true })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'refunded', serials: [] });
    expect(await ledger()).toEqual({ sold: 3, refunded: 2, lineSold: 1 });
    expect(await remaining()).toBe(before + 2);

    // The list filters refunded orders.
    const refunded = await list(staff, 'status=refunded').expect(200);
    expect(ids(refunded.body)).toEqual(paid.map((o) => o.orderId).sort());
    // Refunded orders leave the export.
    const csv = await http()
      .get(`/collectives/${drop.collective}/drops/${drop.id}/orders.csv`)
      .set('authorization', staff.bearer)
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      })
      .expect(200);
    expect((csv.body as string).split('\r\n')).toHaveLength(2);
  });

  it('admins list every collective’s orders with the same filters plus the collective', async () => {
    const all = await http()
      .get('/admin/orders?pageSize=100')
      .set('authorization', drop.admin.bearer)
      .expect(200);
    expect(all.body.total).toBe(4);
    const ofOther = await http()
      .get(`/admin/orders?dropId=${other.id}`)
      .set('authorization', drop.admin.bearer)
      .expect(200);
    expect(ofOther.body.orders).toEqual([
      expect.objectContaining({
        id: otherOrder.orderId,
        collective: expect.objectContaining({ slug: other.collective }),
        buyer: expect.objectContaining({ email: expect.any(String) }),
      }),
    ]);
    const collectiveId = ofOther.body.orders[0].collective.id as string;
    const byCollective = await http()
      .get(`/admin/orders?collectiveId=${collectiveId}&status=paid`)
      .set('authorization', drop.admin.bearer)
      .expect(200);
    expect(ids(byCollective.body)).toEqual([otherOrder.orderId]);
    await http()
      .get('/admin/orders?collectiveId=not-a-uuid')
      .set('authorization', drop.admin.bearer)
      .expect(400);
  });
});
