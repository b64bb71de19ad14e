import './support/env/waiting-room-slow';
import { randomUUID } from 'node:crypto';
import type { FairnessProof } from '@limited-run/fairness';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createCrowd, type CrowdFan } from './support/crowd';
import {
  createDrop,
  createItem,
  dropState,
  inSeconds,
  record,
  scheduleDrop,
} from './support/drops';
import { dataOf, openSse, type SseStream } from './support/sse-client';
import { eventually, useApiOnTestDatabase } from './support/test-app';

interface Status {
  status: string;
  position: number | null;
  ticket: string;
  admissionToken: string | null;
}

const FANS = 30;
const UNITS = 3;
const last = (stream: SseStream): Status | undefined => dataOf<Status>(stream, 'status').at(-1);

describe('a stock-aware waiting room', () => {
  let owner: TestAccount;
  let crowd: CrowdFan[];
  let base: string;
  const streams: SseStream[] = [];
  // Declared before the stack, so it runs first: the streams end before the API closes.
  afterAll(() => {
    for (const stream of streams) stream.close();
  });
  const ctx = useApiOnTestDatabase({ listen: true, worker: true });
  const slug = 'night-shift';
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    base = await ctx.app.getUrl();
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, slug, 'Night Shift');
    crowd = await createCrowd(ctx.app, ctx.db, FANS);
  }, 60_000);

  it('tells every waiter "sold out" within a second of the last unit held, and resumes in order when one comes back', async () => {
    const item = await createItem(ctx.app, owner, slug, record('SO'));
    const variantId = item.variants[0].id;
    const draft = await createDrop(ctx.app, owner, slug, {
      name: 'Tiny pressing',
      slug: 'tiny-pressing',
      startsAt: inSeconds(120),
      perCustomerLimit: 1,
      lines: [{ variantId, quantity: UNITS }],
    });
    const dropId = draft.id;
    await scheduleDrop(ctx.app, owner, slug, dropId);

    // Thirty fans wait in the pre-queue, each with a stream open.
    for (const fan of crowd) {
      await http().post(`/drops/${dropId}/room`).set('authorization', fan.bearer).expect(201);
      const stream = await openSse(`${base}/drops/${dropId}/room/me/events`, {
        authorization: fan.bearer,
      });
      expect(stream.status).toBe(200);
      streams.push(stream);
    }
    await Promise.all(streams.map((s) => s.until((x) => last(x)?.status === 'pre_queue')));
    const outsider = (await createCrowd(ctx.app, ctx.db, 1))[0];
    const notIn = await openSse(`${base}/drops/${dropId}/room/me/events`, {
      authorization: outsider.bearer,
    });
    expect(notIn.status).toBe(404);
    expect(JSON.parse(notIn.body).error.code).toBe('NOT_IN_WAITING_ROOM');

    await http()
      .patch(`/collectives/${slug}/drops/${dropId}`)
      .set('authorization', owner.bearer)
      .send({ startsAt: inSeconds(2) })
      .expect(200);
    await eventually(
      async () => ((await dropState(ctx.db, dropId)) === 'live' ? true : undefined),
      15_000,
    );

    // Two fans a second are let in; each admitted fan holds at once, until nothing is left.
    const holders = new Map<number, string>();
    let lastHeldAt = 0;
    const deadline = Date.now() + 30_000;
    while (holders.size < UNITS) {
      if (Date.now() > deadline) throw new Error(`only ${holders.size} holds within 30 s`);
      for (const [i, stream] of streams.entries()) {
        const status = last(stream);
        if (holders.has(i) || holders.size >= UNITS || status?.status !== 'admitted') continue;
        const res = await http()
          .post(`/drops/${dropId}/holds`)
          .set('authorization', crowd[i].bearer)
          .set('idempotency-key', randomUUID())
          .set('admission-token', status.admissionToken!)
          .send({ variantId, quantity: 1 })
          .expect(201);
        holders.set(i, res.body.holdId as string);
        lastHeldAt = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const waiters = streams.filter((s, i) => !holders.has(i) && last(s)?.status === 'waiting');
    expect(waiters.length).toBeGreaterThanOrEqual(FANS - UNITS - 2);

    // Every waiter hears it, all within a second of the last hold.
    const heardAfter = await Promise.all(
      waiters.map(async (stream) => {
        await stream.until((s) => last(s)?.status === 'sold_out', 5000);
        return Date.now() - lastHeldAt;
      }),
    );
    expect(Math.max(...heardAfter)).toBeLessThan(1000);
    const polled = await http()
      .get(`/drops/${dropId}/room/me`)
      .set('authorization', crowd[streams.indexOf(waiters[0])].bearer)
      .expect(200);
    expect(polled.body).toMatchObject({ status: 'sold_out', estimatedWaitSeconds: null });
    expect(polled.body.position).toBeGreaterThanOrEqual(1);

    // A holder lets go: the unit is back, and the next fan in the published order is let in.
    const proof = (await http().get(`/drops/${dropId}/fairness`).expect(200)).body as FairnessProof;
    const ticketOf = (stream: SseStream) => dataOf<Status>(stream, 'status')[0].ticket;
    const waitingTickets = new Set(waiters.map(ticketOf));
    const nextTicket = proof.result!.order.find((ticket) => waitingTickets.has(ticket))!;
    const next = waiters.find((s) => ticketOf(s) === nextTicket)!;
    const [holderIndex, holdId] = [...holders.entries()][0];
    await http()
      .delete(`/drops/${dropId}/holds/${holdId}`)
      .set('authorization', crowd[holderIndex].bearer)
      .expect(200);
    await next.until((s) => last(s)?.status === 'admitted', 10_000);
    // Everyone else waits again, in line, no longer told "sold out" while the unit is there.
    const others = waiters.filter((s) => s !== next);
    const stillWaiting = others.filter((s) => ['waiting', 'sold_out'].includes(last(s)!.status));
    expect(stillWaiting).toHaveLength(others.length);
    const admittedNow = streams.filter((s) => last(s)?.status === 'admitted');
    expect(admittedNow.map(ticketOf)).toContain(nextTicket);
  }, 120_000);
});
