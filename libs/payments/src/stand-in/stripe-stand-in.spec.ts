import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { adapterFor, TEST_SECRET_KEY } from '../testing/stand-in-adapter';
import { StripeStandIn } from './stripe-stand-in';

interface Received {
  body: string;
  signature: string | undefined;
}

/** A webhook endpoint that records what it is sent. */
async function webhookSink(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const signature = req.headers['stripe-signature'];
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: typeof signature === 'string' ? signature : undefined,
      });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks/stripe`, received, server };
}

const session = {
  currency: 'eur',
  lines: [{ name: 'Hoodie, M', unitAmountMinor: 8500, quantity: 1 }],
  expiresAt: new Date(Math.floor(Date.now() / 1000 + 3600) * 1000),
  clientReferenceId: 'order-1',
  metadata: { orderId: 'order-1' },
  successUrl: 'http://localhost:3000/ok?s={CHECKOUT_SESSION_ID}',
  cancelUrl: 'http://localhost:3000/cancel',
};

describe('the Stripe stand-in as `npm start` uses it', () => {
  let standIn: StripeStandIn;
  let sink: Awaited<ReturnType<typeof webhookSink>>;

  beforeEach(async () => {
    sink = await webhookSink();
    standIn = await StripeStandIn.start({
      secretKey: TEST_SECRET_KEY,
      webhookUrl: sink.url,
      autoDeliver: true,
    });
  });
  afterEach(async () => {
    await standIn.stop();
    await new Promise((resolve) => sink.server.close(resolve));
  });

  it('serves a payment page whose Pay button completes the session and delivers a signed event', async () => {
    const created = await adapterFor(standIn).createCheckoutSession(session, 'k-1');
    const page = await (await fetch(created.url as string)).text();
    for (const button of ['Pay', 'Pay late', 'Abandon'])
      expect(page).toMatch(new RegExp(`<button[^>]*>${button}`));

    const paid = await fetch(`${created.url}/pay`, { method: 'POST' });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain(`http://localhost:3000/ok?s=${created.id}`);

    for (let i = 0; i < 100 && sink.received.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [delivery] = sink.received;
    const event = Stripe.webhooks.constructEvent(
      delivery.body,
      delivery.signature ?? '',
      standIn.webhookSecret,
    );
    expect(event.type).toBe('checkout.session.completed');
    expect(event.data.object).toMatchObject({ id: created.id, payment_status: 'paid' });
  });

  it('delivers events concurrently, as Stripe does, not one answer at a time', async () => {
    // A slow endpoint: each request is answered only once two are open at the same time. A
    // stand-in that waits for each answer before sending the next event never gets there.
    const open: Array<() => void> = [];
    const arrived: string[] = [];
    const slowSink = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        arrived.push(String(req.headers['stripe-signature']));
        open.push(() => res.writeHead(200).end('{}'));
        if (open.length >= 2) for (const answer of open.splice(0)) answer();
      });
    });
    await new Promise<void>((resolve) => slowSink.listen(0, '127.0.0.1', () => resolve()));
    standIn.webhookUrl = `http://127.0.0.1:${(slowSink.address() as AddressInfo).port}/`;
    try {
      const first = await adapterFor(standIn).createCheckoutSession(session, 'k-c1');
      const second = await adapterFor(standIn).createCheckoutSession(session, 'k-c2');
      await fetch(`${first.url}/pay`, { method: 'POST' });
      await fetch(`${second.url}/pay`, { method: 'POST' });
      for (let i = 0; i < 100 && arrived.length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(arrived).toHaveLength(2);
      // Both deliveries were answered (none is waiting for a retry), so stop() has nothing left.
      expect(open).toHaveLength(0);
    } finally {
      await standIn.stop();
      slowSink.closeAllConnections();
      await new Promise((resolve) => slowSink.close(resolve));
    }
  });

  it('takes faults and customer actions through its control API', async () => {
    const control = (path: string, body: object = {}) =>
      fetch(`${standIn.url}/_stand-in${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await control('/faults', { path: '/v1/checkout/sessions', status: 500, times: 3 });
    await expect(adapterFor(standIn).createCheckoutSession(session, 'k-2')).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_UNAVAILABLE',
    });

    const created = await adapterFor(standIn).createCheckoutSession(session, 'k-2');
    const late = await control(`/sessions/${created.id}/pay-late`);
    expect(((await late.json()) as { data: Array<{ type: string }> }).data[0].type).toBe(
      'checkout.session.completed',
    );
    const settled = await control(`/sessions/${created.id}/settle`, { succeeded: true });
    expect(((await settled.json()) as { data: Array<{ type: string }> }).data[0].type).toBe(
      'checkout.session.async_payment_succeeded',
    );
    const requests = (await (await fetch(`${standIn.url}/_stand-in/requests`)).json()) as {
      data: Array<{ status: number }>;
    };
    expect(requests.data.map((r) => r.status)).toEqual([500, 500, 500, 200]);
  });

  it('answers Stripe-shaped errors for unknown objects and keys', async () => {
    const res = await fetch(`${standIn.url}/v1/checkout/sessions/cs_nope`, {
      headers: { authorization: `Bearer ${TEST_SECRET_KEY}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'id',
        message: "No such checkout.session: 'cs_nope'",
      },
    });
    const unauthorised = await fetch(`${standIn.url}/v1/checkout/sessions/cs_nope`, {
      headers: { authorization: 'Bearer sk_test_other' },
    });
    expect(unauthorised.status).toBe(401);
  });
});
