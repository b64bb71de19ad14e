import { DropClock } from '@limited-run/drops';
import { EarlyAccessAnnouncements } from '@limited-run/inventory';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createDrop, createItem, hoodie, inSeconds, scheduleDrop } from './support/drops';
import { dataOf, openSse, type SseStream } from './support/sse-client';
import { connectTestDatabase, createTestDatabase, startApi } from './support/test-app';

/**
 * Issue 11: only the first snapshot of `/drops/:drop/events` carried the drop's state, so a
 * fan watching never learnt that the drop went live, sold out, closed or was cancelled. Every
 * committed transition is now a `state` event, in order, on every API process's streams.
 */
describe('the live stream announces every state change to every API process, in order', () => {
  let apis: NestFastifyApplication[];
  let db: Client;
  let owner: TestAccount;
  const slug = 'state-events';
  const streams: SseStream[] = [];

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    apis = [await startApi(), await startApi()];
    for (const api of apis) await api.listen({ port: 0, host: '127.0.0.1' });
    const admin = await createAccount(apis[0], db, { role: 'admin' });
    owner = await createAccount(apis[0], db);
    await createCollective(apis[0], admin, owner, slug, 'State Events');
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    for (const api of apis ?? []) await api.close();
    await db?.end();
  });

  const watch = async (api: NestFastifyApplication, dropId: string, lastEventId?: string) => {
    const url = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    const stream = await openSse(
      `${url}/drops/${dropId}/events`,
      lastEventId ? { 'last-event-id': lastEventId } : {},
    );
    streams.push(stream);
    return stream;
  };

  it('scheduled → live → cancelled reaches a stream on the other process; a resumed stream replays it', async () => {
    const item = await createItem(apis[0], owner, slug, hoodie('SE'));
    const drop = await createDrop(apis[0], owner, slug, {
      name: 'Watched',
      slug: 'watched',
      startsAt: inSeconds(3600),
      lines: [{ variantId: item.variants[0].id, quantity: 5 }],
    });
    await scheduleDrop(apis[0], owner, slug, drop.id);

    const watching = await watch(apis[1], drop.id);
    await watching.until((s) => s.events.some((e) => e.event === 'snapshot'));
    expect(dataOf(watching, 'snapshot')[0]).toMatchObject({ state: 'scheduled' });
    const snapshotId = watching.events[0].id!;
    const early = await watch(apis[1], drop.id);
    await early.until((s) => s.events.length > 0);
    early.close();

    // Opened by the clock (on the first process), then cancelled by the owner there too.
    await db.query(`UPDATE drops SET starts_at = now() - interval '1 second' WHERE id = $1`, [
      drop.id,
    ]);
    expect(await apis[0].get(DropClock).open(drop.id)).toBe('done');
    await watching.until((s) => dataOf(s, 'state').length >= 1);
    // A client that missed the change resumes from its last id on the other process: replayed.
    const resumed = await watch(apis[0], drop.id, snapshotId);
    await resumed.until((s) => dataOf(s, 'state').length >= 1);
    expect(resumed.events[0].event).toBe('state');
    await request(apis[0].getHttpServer())
      .post(`/collectives/${slug}/drops/${drop.id}/cancel`)
      .set('authorization', owner.bearer)
      .expect(200);

    await watching.until((s) => dataOf(s, 'state').length >= 2);
    const states = dataOf<{ dropId: string; state: string; at: string }>(watching, 'state');
    expect(states.map((s) => s.state)).toEqual(['live', 'cancelled']);
    for (const event of states) {
      expect(event).toEqual({ dropId: drop.id, state: event.state, at: expect.any(String) });
      expect(Number.isNaN(Date.parse(event.at))).toBe(false);
    }
    const ids = watching.events.filter((e) => e.event === 'state').map((e) => Number(e.id));
    expect(ids[1]).toBeGreaterThan(ids[0]);
    expect(ids[0]).toBeGreaterThan(Number(snapshotId));

    // The public page says what happened.
    const page = await request(apis[1].getHttpServer()).get(`/drops/${drop.id}`).expect(200);
    expect(page.body.state).toBe('cancelled');

    await resumed.until((s) => dataOf(s, 'state').length >= 2);
    expect(dataOf(resumed, 'state').map((s) => s.state)).toEqual(['live', 'cancelled']);
  });

  it('a waitlist_first drop in its early-access window reads early_access on its page, in the list and on its stream', async () => {
    const item = await createItem(apis[0], owner, slug, hoodie('EA'));
    const drop = await createDrop(apis[0], owner, slug, {
      name: 'Early',
      slug: 'early',
      releaseMode: 'waitlist_first',
      earlyAccessStartsAt: inSeconds(1800),
      startsAt: inSeconds(3600),
      lines: [{ variantId: item.variants[0].id, quantity: 5 }],
    });
    await scheduleDrop(apis[0], owner, slug, drop.id);
    const http = request(apis[0].getHttpServer());
    expect((await http.get(`/drops/${drop.id}`).expect(200)).body.state).toBe('scheduled');
    const stream = await watch(apis[1], drop.id);
    await stream.until((s) => s.events.some((e) => e.event === 'snapshot'), 5000);
    expect(dataOf(stream, 'snapshot')[0]).toMatchObject({ state: 'scheduled' });

    // The window opens by the clock: the page says so at once, the stream on the worker's sweep.
    await db.query(
      `UPDATE drops SET early_access_starts_at = now() - interval '1 second' WHERE id = $1`,
      [drop.id],
    );
    expect((await request(apis[0].getHttpServer()).get(`/drops/${drop.id}`)).body.state).toBe(
      'early_access',
    );
    const listed = await request(apis[0].getHttpServer()).get(`/drops`).expect(200);
    expect(listed.body.drops.find((d: { id: string }) => d.id === drop.id)?.state).toBe(
      'early_access',
    );
    const announcements = apis[0].get(EarlyAccessAnnouncements);
    expect(await announcements.announceDue()).toBe(1);
    expect(await announcements.announceDue()).toBe(0);
    await stream.until((s) => dataOf(s, 'state').length >= 1, 5000);
    expect(dataOf(stream, 'state')).toEqual([
      { dropId: drop.id, state: 'early_access', at: expect.any(String) },
    ]);
    const fresh = await watch(apis[0], drop.id);
    await fresh.until((s) => s.events.some((e) => e.event === 'snapshot'), 5000);
    expect(dataOf(fresh, 'snapshot')[0]).toMatchObject({ state: 'early_access' });
  });
});
