// The waiting room from fans' side: two fans wait in the pre-queue before the opening, the
// room admits them one a second in the drawn order its public proof publishes, each admitted
// fan is taken straight back to the drop, and the admission lets them hold.
process.env.WAITING_ROOM_ADMIT_PER_SECOND = '1';
import './support/browser-env';
import Redis from 'ioredis';
import request from 'supertest';
import { capture, useBrowserStack } from './support/browser-stack';
import { scheduleVinylAndGarmentDrop, signUpInBrowser } from './support/storefront-fixtures';

describe('the waiting room in the browser', () => {
  const stack = useBrowserStack();

  it('admits pre-queued fans in the published order and lets the admitted fan hold', async () => {
    const drop = await scheduleVinylAndGarmentDrop(stack, { startsInSeconds: 20 });
    const fans = await Promise.all(
      (['desktop', 'mobile'] as const).map(async (viewport, i) => {
        const context = await stack.newContext(viewport);
        const page = await context.newPage();
        await signUpInBrowser(page, `Fan${i}`);
        await page.goto(`/drop/${drop.id}`);
        await page.getByRole('link', { name: 'Join the waiting room' }).click();
        await page.getByText('You are in the pre-queue').waitFor();
        const ticket = (await page.getByText(/^Your ticket: /).textContent())?.replace(
          'Your ticket: ',
          '',
        );
        await capture(page, 'waiting-room');
        return { page, ticket };
      }),
    );

    // Each fan is taken back to the drop page the moment the room lets them in.
    const dropPage = new RegExp(`/drop/${drop.id}$`);
    await Promise.all(fans.map((fan) => fan.page.waitForURL(dropPage, { timeout: 60_000 })));

    // In the order the public proof draws: the room's own record of when each was let in.
    const proof = (await request(stack.api.getHttpServer()).get(`/drops/${drop.id}/fairness`)).body;
    expect(proof.kind).toBe('queue');
    const order: string[] = proof.result.order;
    const byDraw = [...fans].sort(
      (a, b) => order.indexOf(a.ticket ?? '') - order.indexOf(b.ticket ?? ''),
    );
    expect(byDraw.every((fan) => order.includes(fan.ticket ?? ''))).toBe(true);
    const redis = new Redis(String(process.env.REDIS_URL), {
      keyPrefix: `${process.env.REDIS_PREFIX}:`,
    });
    try {
      const admittedAt = async (ticket: string | undefined) => {
        const fan = await redis.hget(`room:{drop:${drop.id}}:holders`, ticket ?? '');
        return Number(await redis.zscore(`room:{drop:${drop.id}}:admitted`, fan ?? ''));
      };
      const [firstAt, secondAt] = [
        await admittedAt(byDraw[0].ticket),
        await admittedAt(byDraw[1].ticket),
      ];
      expect(firstAt).toBeGreaterThan(0);
      expect(firstAt).toBeLessThanOrEqual(secondAt);
    } finally {
      redis.disconnect();
    }

    const admitted = byDraw[0].page;
    await admitted.getByRole('radio', { name: /Black, 180 g/ }).check();
    await admitted.getByRole('button', { name: 'Hold it' }).click();
    await admitted.getByRole('heading', { name: 'Your hold' }).waitFor();
  });
});
