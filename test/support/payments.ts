// Payments end to end, offline: the API listening on loopback, the Stripe stand-in (real SDK,
// real sockets) delivering signed webhooks to it, a real SMTP server catching the mail, and
// helpers that act as a fan going from a hold to a paid order. Import './env/payments-offline'
// first in the test file.
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';
import { StripeStandIn } from '../../libs/payments/src/stand-in';
import type { TestAccount } from './accounts';
import { startSmtpCatcher, type SmtpCatcher } from './smtp-catcher';
import { eventually } from './eventually';

export interface PaymentsHarness {
  stripe: StripeStandIn;
  mail: SmtpCatcher;
  stop(): Promise<void>;
}

/** Starts the stand-in and the SMTP catcher on the ports the environment names. */
export async function startPaymentsHarness(api: NestFastifyApplication): Promise<PaymentsHarness> {
  await api.listen(0, '127.0.0.1');
  const stripe = await StripeStandIn.start({
    port: Number(process.env.STRIPE_API_PORT),
    secretKey: process.env.STRIPE_SECRET_KEY,
    // The first of the configured secrets; a rotation test signs with another on purpose.
    webhookSecret: (process.env.STRIPE_WEBHOOK_SECRETS ?? '').split(',')[0],
    webhookUrl: `${(await api.getUrl()).replace('[::1]', '127.0.0.1')}/webhooks/stripe`,
  });
  const mail = await startSmtpCatcher(Number(new URL(process.env.SMTP_URL ?? '').port));
  return {
    stripe,
    mail,
    stop: async () => {
      await stripe.stop();
      await mail.stop();
    },
  };
}

export interface HeldCheckout {
  holdId: string;
  orderId: string;
  sessionId: string;
  checkoutUrl: string;
}

export async function placeHold(
  api: NestFastifyApplication,
  fan: TestAccount,
  dropId: string,
  variantId: string,
  quantity = 1,
): Promise<string> {
  const res = await request(api.getHttpServer())
    .post(`/drops/${dropId}/holds`)
    .set('authorization', fan.bearer)
    .set('idempotency-key', randomUUID())
    .send({ variantId, quantity });
  if (res.status !== 201) throw new Error(`hold failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { holdId: string }).holdId;
}

export function checkout(
  api: NestFastifyApplication,
  fan: TestAccount,
  dropId: string,
  holdId: string,
): request.Test {
  return request(api.getHttpServer())
    .post(`/drops/${dropId}/holds/${holdId}/checkout`)
    .set('authorization', fan.bearer);
}

/** A hold and its checkout session, ready for the fan to pay at the stand-in. */
export async function holdAndCheckout(
  api: NestFastifyApplication,
  fan: TestAccount,
  dropId: string,
  variantId: string,
  quantity = 1,
): Promise<HeldCheckout> {
  const holdId = await placeHold(api, fan, dropId, variantId, quantity);
  const res = await checkout(api, fan, dropId, holdId);
  if (res.status !== 201) {
    throw new Error(`checkout failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const body = res.body as { orderId: string; sessionId: string; checkoutUrl: string };
  return { holdId, ...body };
}

export interface OrderRow {
  status: string;
  stripe_refund_id: string | null;
  refund_reason: string | null;
  paid_at: Date | null;
}

export async function orderRow(db: Client, orderId: string): Promise<OrderRow> {
  const { rows } = await db.query<OrderRow>(
    'SELECT status, stripe_refund_id, refund_reason, paid_at FROM orders WHERE id = $1',
    [orderId],
  );
  return rows[0];
}

/** Waits until the order reaches `status` (the worker applies events asynchronously). */
export function orderReaches(db: Client, orderId: string, status: string, timeoutMs = 15_000) {
  return eventually(async () => {
    const row = await orderRow(db, orderId);
    return row?.status === status ? row : undefined;
  }, timeoutMs);
}

/** Waits until every stored payment event is processed, and returns their outcomes by type. */
export function allEventsProcessed(db: Client, timeoutMs = 15_000) {
  return eventually(async () => {
    const { rows } = await db.query<{ type: string; outcome: string | null; processed: boolean }>(
      `SELECT type, outcome, processed_at IS NOT NULL AS processed FROM payment_events ORDER BY received_at, id`,
    );
    return rows.every((r) => r.processed) ? rows : undefined;
  }, timeoutMs);
}

export async function holdStatus(db: Client, holdId: string): Promise<string> {
  const { rows } = await db.query<{ status: string }>('SELECT status FROM holds WHERE id = $1', [
    holdId,
  ]);
  return rows[0]?.status;
}

/** Makes a hold due now, as if its time had run out (holds last at least a minute). */
export async function runOutHold(db: Client, holdId: string): Promise<void> {
  await db.query(`UPDATE holds SET expires_at = now() - interval '1 second' WHERE id = $1`, [
    holdId,
  ]);
}
