import './support/env/payments-offline';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { addMember } from './support/collectives';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import {
  type HeldCheckout,
  holdAndCheckout,
  orderReaches,
  type PaymentsHarness,
  startPaymentsHarness,
} from './support/payments';
import { addressIn, shipDropWith } from './support/shipping';
import {
  connectTestDatabase,
  createTestDatabase,
  eventually,
  startApi,
  startWorker,
} from './support/test-app';

const ARTIFACTS = join(__dirname, '..', 'test-results', 'packing');
const FANS = 50;

interface Sale {
  fan: TestAccount;
  order: HeldCheckout;
}

describe('a collective ships 50 orders in one action; each fan is mailed exactly once', () => {
  let api: NestFastifyApplication;
  let worker: NestFastifyApplication;
  let db: Client;
  let payments: PaymentsHarness;
  let drop: LiveDrop;
  let staff: TestAccount;
  const sales: Sale[] = [];

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    api = await startApi();
    worker = await startWorker();
    payments = await startPaymentsHarness(api);
    drop = await openLiveDrop(api, db, { units: [40, 30], perCustomerLimit: 2 });
    await shipDropWith(api, drop.owner, drop.collective, drop.id);
    staff = await createAccount(api, db);
    await addMember(api, drop.owner, drop.collective, staff, 'staff');
    // 50 fans, ten at a time: 30 of the first pressing and 20 of the second.
    for (let start = 0; start < FANS; start += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, async (_, k) => {
          const i = start + k;
          const fan = await createAccount(api, db);
          const variant = drop.variantIds[i % 5 < 3 ? 0 : 1];
          const order = await holdAndCheckout(api, fan, drop.id, variant, 1);
          const country = ['PT', 'DE', 'FR', 'US'][i % 4];
          const option = country === 'US' ? 2 : 0;
          await payments.stripe.deliver(
            payments.stripe.pay(order.sessionId, addressIn(country, option))[0],
          );
          return { fan, order };
        }),
      );
      sales.push(...batch);
    }
    for (const sale of sales) await orderReaches(db, sale.order.orderId, 'paid', 60_000);
  }, 300_000);
  afterAll(async () => {
    await payments?.stop();
    await worker?.close();
    await api?.close();
    await db?.end();
  });

  const http = () => request(api.getHttpServer());
  const shipAll = (who: TestAccount, subset: Sale[]) =>
    http()
      .post(`/collectives/${drop.collective}/orders/fulfilment`)
      .set('authorization', who.bearer)
      .send({
        status: 'shipped',
        orders: subset.map((s, i) => ({
          orderId: s.order.orderId,
          carrier: 'CTT',
          trackingNumber: `RR${String(i).padStart(9, '0')}PT`,
          trackingUrl: `https://track.example.com/RR${String(i).padStart(9, '0')}PT`,
        })),
      });

  it('renders the packing list as a PDF, grouped by variant and edition number (pdftoppm, pdftotext)', async () => {
    const res = await http()
      .get(`/collectives/${drop.collective}/drops/${drop.id}/packing-list.pdf`)
      .set('authorization', staff.bearer)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'packing-list.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '60', file, join(ARTIFACTS, 'packing-list')]);
    const pages = readdirSync(ARTIFACTS).filter((f) => /^packing-list-\d+\.png$/.test(f));
    const info = execFileSync('pdfinfo', [file]).toString();
    const pageCount = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pageCount).toBeGreaterThanOrEqual(2);
    expect(pages).toHaveLength(pageCount);

    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain(`${FANS} parcels`);
    const [sku0, sku1] = await skus();
    // Variant headings in SKU order, each with its units; numbers in order within a variant.
    expect(text.indexOf(`${sku0}: Race pressing (Pressing 1), 30 units`)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(`${sku1}: Race pressing (Pressing 2), 20 units`)).toBeGreaterThan(
      text.indexOf(`${sku0}: Race pressing`),
    );
    const numbers = [...text.matchAll(/1 × #(\d+) of 40/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers).toHaveLength(30);
    expect(text).toContain('Fan in PT, 12 Rua do Norte, 1200-284 Lisboa, PT');
  });

  it('gives the packing list and address labels as CSV, and labels as 14-to-a-sheet PDF', async () => {
    const csv = await http()
      .get(`/collectives/${drop.collective}/drops/${drop.id}/packing-list.csv`)
      .set('authorization', staff.bearer)
      .expect(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'sku,item,variant,serials,quantity,order_id,ship_to_name,line1,line2,postal_code,city,state,country,shipping_rate,fulfilment,expected_ship_date',
    );
    expect(lines).toHaveLength(FANS + 1);
    expect(lines[1]).toMatch(/,#1 of 40,1,/);
    const labels = await http()
      .get(`/collectives/${drop.collective}/drops/${drop.id}/labels.pdf`)
      .set('authorization', staff.bearer)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const file = join(ARTIFACTS, 'labels.pdf');
    writeFileSync(file, labels.body as Buffer);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      file,
      join(ARTIFACTS, 'labels'),
    ]);
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(Math.ceil(FANS / 14));
  });

  it('ships all 50 in one request, raced and retried: one mail per fan, one audit entry per order', async () => {
    const [first, second] = await Promise.all([shipAll(staff, sales), shipAll(staff, sales)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    // The two raced: one moved all 50, the other found them shipped.
    expect([first.body.changed, second.body.changed].sort()).toEqual([0, FANS]);
    const retry = await shipAll(staff, sales).expect(200);
    expect(retry.body.changed).toBe(0);
    expect(retry.body.orders[7]).toMatchObject({
      orderId: sales[7].order.orderId,
      fulfilmentStatus: 'shipped',
      changed: false,
      carrier: 'CTT',
      trackingNumber: 'RR000000007PT',
    });

    const { rows: outbox } = await db.query<{ recipient_user_id: string; n: number }>(
      `SELECT recipient_user_id, count(*)::int AS n FROM notifications
        WHERE template = 'order-shipped' GROUP BY recipient_user_id`,
    );
    expect(outbox).toHaveLength(FANS);
    expect(outbox.every((r) => r.n === 1)).toBe(true);
    const everyFanMailed = () =>
      sales.every((s) =>
        payments.mail.to(s.fan.email).some((m) => m.subject.startsWith('Shipped')),
      );
    await eventually(() => Promise.resolve(everyFanMailed() ? true : undefined), 60_000);
    for (const [i, sale] of sales.entries()) {
      const shipped = payments.mail
        .to(sale.fan.email)
        .filter((m) => m.subject.startsWith('Shipped'));
      expect(shipped).toHaveLength(1);
      expect(shipped[0].text).toContain(
        `https://track.example.com/RR${String(i).padStart(9, '0')}PT`,
      );
    }
    const { rows: audit } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'order.fulfilment' AND actor_user_id = $1`,
      [staff.id],
    );
    expect(audit[0].n).toBe(FANS);

    const mine = await http()
      .get(`/me/orders/${sales[3].order.orderId}`)
      .set('authorization', sales[3].fan.bearer)
      .expect(200);
    expect(mine.body.fulfilment).toMatchObject({
      status: 'shipped',
      carrier: 'CTT',
      trackingNumber: 'RR000000003PT',
      trackingUrl: 'https://track.example.com/RR000000003PT',
    });
  });

  it('moves only forward, refuses other tracking for a shipped order, and needs a tracking number', async () => {
    const target = sales[0].order.orderId;
    const back = await http()
      .post(`/collectives/${drop.collective}/orders/${target}/fulfilment`)
      .set('authorization', staff.bearer)
      .send({ status: 'packed' })
      .expect(409);
    expect(back.body.error.code).toBe('ORDERS_NOT_FULFILLABLE');
    await http()
      .post(`/collectives/${drop.collective}/orders/${target}/fulfilment`)
      .set('authorization', staff.bearer)
      .send({ status: 'shipped', trackingNumber: 'SOMETHING-ELSE' })
      .expect(409);
    const missing = await http()
      .post(`/collectives/${drop.collective}/orders/fulfilment`)
      .set('authorization', staff.bearer)
      .send({ status: 'shipped', orders: [{ orderId: sales[1].order.orderId }] })
      .expect(400);
    expect(missing.body.error.details[0].field).toBe('orders.0.trackingNumber');
    await http()
      .post(`/collectives/${drop.collective}/orders/${target}/fulfilment`)
      .set('authorization', staff.bearer)
      .send({ status: 'delivered' })
      .expect(200);
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE template = 'order-shipped' AND recipient_user_id = $1`,
      [sales[0].fan.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it("another collective's staff gets 403 and cannot ship this collective's orders", async () => {
    const other = await openLiveDrop(api, db, { units: [1] });
    const res = await shipAll(other.owner, sales.slice(0, 1));
    expect(res.status).toBe(403);
    const foreign = await http()
      .post(`/collectives/${other.collective}/orders/fulfilment`)
      .set('authorization', other.owner.bearer)
      .send({
        status: 'packed',
        orders: [{ orderId: sales[2].order.orderId }],
      })
      .expect(404);
    expect(foreign.body.error.code).toBe('ORDER_NOT_FOUND');
  });

  it('a returned parcel is recorded and refunded through the refund path, units back in the edition', async () => {
    const sale = sales[4];
    const res = await http()
      .post(`/collectives/${drop.collective}/orders/${sale.order.orderId}/return`)
      .set('authorization', drop.owner.bearer)
      .send({ refund: true, returnUnitsToDrop: true })
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'refunded',
      refundReason: 'collective',
      fulfilment: { status: 'returned' },
    });
    // Repeated: nothing more happens (one refund at Stripe).
    await http()
      .post(`/collectives/${drop.collective}/orders/${sale.order.orderId}/return`)
      .set('authorization', drop.owner.bearer)
      .send({ refund: true, returnUnitsToDrop: true })
      .expect(200);
    const intent = payments.stripe.store.sessions.get(sale.order.sessionId)?.payment_intent;
    const refunds = [...payments.stripe.store.refunds.values()].filter(
      (r) => r.payment_intent === intent,
    );
    expect(refunds).toHaveLength(1);
    // Everything the fan paid: goods 30.00 + Standard to Portugal 6.00 (5.00 + 1.00 a unit).
    expect(refunds[0].amount).toBe(3600);
    const { rows } = await db.query(
      `SELECT kind, quantity FROM inventory_movements WHERE hold_id = $1 ORDER BY id`,
      [sale.order.holdId],
    );
    expect(rows.map((r) => r.kind)).toEqual(['hold', 'sell', 'refund']);
    // Staff may not: a return can move money.
    await http()
      .post(`/collectives/${drop.collective}/orders/${sales[5].order.orderId}/return`)
      .set('authorization', staff.bearer)
      .send({ refund: false })
      .expect(403);
  });

  it('a pre-release item shows its ship date and cannot ship before it (409), though it can be packed', async () => {
    const { rows: items } = await db.query<{ item_id: string }>(
      `SELECT item_id FROM variants WHERE id = $1`,
      [drop.variantIds[1]],
    );
    await http()
      .patch(`/collectives/${drop.collective}/items/${items[0].item_id}`)
      .set('authorization', drop.owner.bearer)
      .send({ expectedShipDate: '2099-03-01' })
      .expect(200);
    const fan = await createAccount(api, db);
    const order = await holdAndCheckout(api, fan, drop.id, drop.variantIds[1], 1);
    await payments.stripe.deliver(payments.stripe.pay(order.sessionId, addressIn('DE'))[0]);
    await orderReaches(db, order.orderId, 'paid');
    const mine = await http()
      .get(`/me/orders/${order.orderId}`)
      .set('authorization', fan.bearer)
      .expect(200);
    expect(mine.body.fulfilment).toMatchObject({
      status: 'unfulfilled',
      expectedShipDate: '2099-03-01',
    });

    const early = await http()
      .post(`/collectives/${drop.collective}/orders/${order.orderId}/fulfilment`)
      .set('authorization', staff.bearer)
      .send({ status: 'shipped', trackingNumber: 'EARLY1' })
      .expect(409);
    expect(early.body.error).toMatchObject({
      code: 'ORDERS_NOT_YET_SHIPPABLE',
      details: [{ orderId: order.orderId, expectedShipDate: '2099-03-01' }],
    });
    await http()
      .post(`/collectives/${drop.collective}/orders/${order.orderId}/fulfilment`)
      .set('authorization', staff.bearer)
      .send({ status: 'packed' })
      .expect(200);
    const { rows } = await db.query(
      `SELECT fulfilment_status, tracking_number FROM orders WHERE id = $1`,
      [order.orderId],
    );
    expect(rows[0]).toEqual({ fulfilment_status: 'packed', tracking_number: null });
  });

  async function skus(): Promise<string[]> {
    const { rows } = await db.query<{ sku: string }>(
      `SELECT sku FROM variants WHERE id = ANY($1) ORDER BY sku`,
      [drop.variantIds],
    );
    return rows.map((r) => r.sku);
  }
});
