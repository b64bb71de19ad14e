import './support/env/waiting-room-brisk';
import { type FairnessProof, verifyProof } from '@limited-run/fairness';
import { REDIS } from '@limited-run/platform';
import { AdmissionPolicy } from '@limited-run/admission';
import type Redis from 'ioredis';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createCrowd, type CrowdFan, inBatches } from './support/crowd';
import {
  createDrop,
  createItem,
  dropState,
  inSeconds,
  record,
  scheduleDrop,
} from './support/drops';
import { eventually, useApiOnTestDatabase } from './support/test-app';

const PRE_QUEUE = 1000;
const LATE = 20;

describe('a 1,000-fan waiting room admits in the published shuffle, then in arrival order', () => {
  const ctx = useApiOnTestDatabase({ worker: true });
  let redis: Redis;
  let owner: TestAccount;
  let crowd: CrowdFan[];
  const slug = 'night-shift';
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    redis = ctx.app.get<Redis>(REDIS);
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, slug, 'Night Shift');
    crowd = await createCrowd(ctx.app, ctx.db, PRE_QUEUE + LATE);
  }, 60_000);

  it('shuffles the pre-queue verifiably and lets fans through in exactly that order', async () => {
    const item = await createItem(ctx.app, owner, slug, record('WR'));
    const draft = await createDrop(ctx.app, owner, slug, {
      name: 'Pressing day',
      slug: 'pressing-day',
      startsAt: inSeconds(120),
      lines: [{ variantId: item.variants[0].id, quantity: 10 }],
    });
    const dropId = draft.id;
    await scheduleDrop(ctx.app, owner, slug, dropId);
    const committed = (await http().get(`/drops/${dropId}/fairness`).expect(200)).body;
    expect(committed).toMatchObject({ kind: 'queue', seed: null, result: null });

    // A thousand fans arrive before the opening: all in the pre-queue, none with a place yet.
    const pre = crowd.slice(0, PRE_QUEUE);
    const tickets = await inBatches(pre, 25, async (fan) => {
      const res = await http()
        .post(`/drops/${dropId}/room`)
        .set('authorization', fan.bearer)
        .expect(201);
      expect(res.body).toMatchObject({ status: 'pre_queue', position: null, admissionToken: null });
      return res.body.ticket as string;
    });
    expect(new Set(tickets).size).toBe(PRE_QUEUE);
    const again = await http()
      .post(`/drops/${dropId}/room`)
      .set('authorization', pre[0].bearer)
      .expect(201);
    expect(again.body).toMatchObject({ ticket: tickets[0], preQueueSize: PRE_QUEUE });
    const me = await http()
      .get(`/drops/${dropId}/room/me`)
      .set('authorization', pre[7].bearer)
      .expect(200);
    expect(me.body).toMatchObject({ status: 'pre_queue', ticket: tickets[7] });

    // While the room is active, a hold needs an access token.
    const policy = ctx.app.get(AdmissionPolicy);
    await expect(policy.requireAdmission(dropId, pre[0].id, undefined)).rejects.toMatchObject({
      code: 'ADMISSION_REQUIRED',
    });

    // The opening is brought forward; the worker opens the drop and the room.
    await http()
      .patch(`/collectives/${slug}/drops/${dropId}`)
      .set('authorization', owner.bearer)
      .send({ startsAt: inSeconds(2) })
      .expect(200);
    await eventually(
      async () => ((await dropState(ctx.db, dropId)) === 'live' ? true : undefined),
      15_000,
    );
    const proof = await eventually(async () => {
      const res = await http().get(`/drops/${dropId}/fairness`).expect(200);
      return res.body.drawnAt ? (res.body as FairnessProof) : undefined;
    }, 15_000);

    // Late arrivals, one after another: they queue behind the whole pre-queue.
    const late = crowd.slice(PRE_QUEUE);
    for (const fan of late) {
      const res = await http()
        .post(`/drops/${dropId}/room`)
        .set('authorization', fan.bearer)
        .expect(201);
      expect(['waiting', 'admitted']).toContain(res.body.status);
    }

    // The proof: the commitment published before anyone arrived, the thousand tickets, an order
    // anyone can recompute.
    expect(proof.commitment).toBe(committed.commitment);
    expect(proof.entryCount).toBe(PRE_QUEUE);
    expect(new Set(proof.entries)).toEqual(new Set(tickets));
    expect(verifyProof(proof)).toMatchObject({ matches: true, kind: 'queue' });

    // Everyone gets in...
    const admittedKey = `room:{drop:${dropId}}:admitted`;
    await eventually(
      async () => ((await redis.zcard(admittedKey)) === PRE_QUEUE + LATE ? true : undefined),
      20_000,
    );
    // ...in the published order, then the late arrivals in the order they came.
    const fanOfTicket = new Map(tickets.map((ticket, i) => [ticket, pre[i].id]));
    const admittedAt = async (userId: string) => Number(await redis.zscore(admittedKey, userId));
    const drawnTimes = await Promise.all(
      proof.result!.order.map((ticket) => admittedAt(fanOfTicket.get(ticket)!)),
    );
    for (let i = 1; i < drawnTimes.length; i++) {
      expect(drawnTimes[i]).toBeGreaterThanOrEqual(drawnTimes[i - 1]);
    }
    const lateTimes = await Promise.all(late.map((fan) => admittedAt(fan.id)));
    expect(lateTimes[0]).toBeGreaterThanOrEqual(drawnTimes[drawnTimes.length - 1]);
    for (let i = 1; i < lateTimes.length; i++) {
      expect(lateTimes[i]).toBeGreaterThanOrEqual(lateTimes[i - 1]);
    }
    // At 400 a second with at most one second banked, 1,020 fans take at least 1.5 s (Redis clock).
    expect(lateTimes[LATE - 1] - drawnTimes[0]).toBeGreaterThanOrEqual(1400);

    // An admitted fan holds a token that admits them, and only them, to this drop.
    const first = pre[tickets.indexOf(proof.result!.order[0])];
    const admitted = await http()
      .get(`/drops/${dropId}/room/me`)
      .set('authorization', first.bearer)
      .expect(200);
    expect(admitted.body).toMatchObject({ status: 'admitted', position: null });
    const token = admitted.body.admissionToken as string;
    await expect(policy.requireAdmission(dropId, first.id, token)).resolves.toBeUndefined();
    await expect(policy.requireAdmission(dropId, pre[1].id, token)).rejects.toMatchObject({
      code: 'ADMISSION_REQUIRED',
    });
    await expect(policy.requireAdmission(dropId, first.id, `${token}x`)).rejects.toMatchObject({
      code: 'ADMISSION_REQUIRED',
    });
  }, 120_000);
});
