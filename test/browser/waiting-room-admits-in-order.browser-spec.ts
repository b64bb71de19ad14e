// The waiting room from fans' side: two fans in the browser and two through the API wait in
// the pre-queue before the opening; the room admits all four one a second in the drawn order
// its public proof publishes. The browser fan who chose a record before queueing is taken
// straight to a hold of it; the one who chose nothing is taken back to the drop, and holds.
process.env.WAITING_ROOM_ADMIT_PER_SECOND = '1';
import './support/browser-env';
import Redis from 'ioredis';
import request from 'supertest';
import { createAccount } from '../support/accounts';
import { eventually } from '../support/test-app';
import { capture, useBrowserStack } from './support/browser-stack';
import { scheduleVinylAndGarmentDrop, signUpInBrowser } from './support/storefront-fixtures';

describe('the waiting room in the browser', () => {
  const stack = useBrowserStack();

  it('admits pre-queued fans in the published order and takes the admitted fan to the hold', async () => {
    const drop = await scheduleVinylAndGarmentDrop(stack, { startsInSeconds: 20 });
    // Two fans queue through the API first, as other clients would, well before the opening.
    const apiTickets: string[] = [];
    for (let i = 0; i < 2; i++) {
      const fan = await createAccount(stack.api, stack.db);
      const joined = await request(stack.api.getHttpServer())
        .post(`/drops/${drop.id}/room`)
        .set('authorization', fan.bearer)
        .expect(201);
      apiTickets.push(joined.body.ticket as string);
    }

    const fans = await Promise.all(
      (['desktop', 'mobile'] as const).map(async (viewport, i) => {
        const context = await stack.newContext(viewport);
        const page = await context.newPage();
        await signUpInBrowser(page, `Fan${i}`);
        await page.goto(`/drop/${drop.id}`);
        // The first fan chooses before queueing; the second goes in with nothing chosen.
        if (i === 0) await page.getByRole('radio', { name: /Black, 180 g/ }).check();
        await page.getByRole('link', { name: 'Join the waiting room' }).click();
        await page.getByText('You are in the pre-queue').waitFor();
        const ticket = (await page.getByText(/^Your ticket: /).textContent())?.replace(
          'Your ticket: ',
          '',
        );
        await capture(page, 'waiting-room');
        return { page, ticket, chose: i === 0 };
      }),
    );
    // The fan who chose is taken straight to a hold of it; the other back to the drop.
    const [chooser, other] = fans;
    await chooser.page.waitForURL(new RegExp(`/drop/${drop.id}/holds/[0-9a-f-]{36}$`), {
      timeout: 60_000,
    });
    await chooser.page.getByRole('heading', { name: 'Your hold' }).waitFor();
    await chooser.page
      .getByText(/Black, 180 g/)
      .first()
      .waitFor();
    const held = await stack.db.query<{ quantity: number; status: string }>(
      `SELECT quantity, status FROM holds WHERE drop_id = $1 AND variant_id = $2`,
      [drop.id, drop.variants.blackLp],
    );
    expect(held.rows).toEqual([{ quantity: 1, status: 'active' }]);
    await capture(chooser.page, 'hold-after-waiting-room');
    await other.page.waitForURL(new RegExp(`/drop/${drop.id}$`), { timeout: 60_000 });

    // All four, in the order the public proof draws: the room's own record of when each was
    // let in.
    const proof = (await request(stack.api.getHttpServer()).get(`/drops/${drop.id}/fairness`)).body;
    expect(proof.kind).toBe('queue');
    const order: string[] = proof.result.order;
    const tickets = [...fans.map((fan) => fan.ticket ?? ''), ...apiTickets];
    expect(tickets.every((ticket) => order.includes(ticket))).toBe(true);
    const byDraw = [...tickets].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const redis = new Redis(String(process.env.REDIS_URL), {
      keyPrefix: `${process.env.REDIS_PREFIX}:`,
    });
    try {
      const admittedAt = async (ticket: string) => {
        const fan = await redis.hget(`room:{drop:${drop.id}}:holders`, ticket);
        return Number(await redis.zscore(`room:{drop:${drop.id}}:admitted`, fan ?? ''));
      };
      // Admissions come one a second: all four are let in within the test's wait.
      const times: number[] = [];
      for (const ticket of byDraw) {
        times.push(
          await eventually(async () => {
            const at = await admittedAt(ticket);
            return at > 0 ? at : undefined;
          }, 30_000),
        );
      }
      expect(times).toEqual([...times].sort((a, b) => a - b));
    } finally {
      redis.disconnect();
    }

    await other.page.getByRole('radio', { name: /Clear red/ }).check();
    await other.page.getByRole('button', { name: 'Hold it' }).click();
    await other.page.getByRole('heading', { name: 'Your hold' }).waitFor();
  });
});
