// Orders across collectives: two collectives' fans buy through the API; the admin's orders page
// lists both, narrows to one collective and to a status, and says so in the address.
import './support/browser-env';
import { createAccount } from '../support/accounts';
import { holdAndCheckout, orderReaches } from '../support/payments';
import { eventually } from '../support/test-app';
import { capture, useBrowserStack } from './support/browser-stack';
import { signInAsAdmin } from './support/admin-fixtures';
import { scheduleVinylAndGarmentDrop } from './support/storefront-fixtures';

describe('admin pages: orders across collectives', () => {
  const stack = useBrowserStack();

  it('lists every collective’s orders and filters by collective and status', async () => {
    const first = await scheduleVinylAndGarmentDrop(stack, { startsInSeconds: 1 });
    const second = await scheduleVinylAndGarmentDrop(stack, { startsInSeconds: 1 });
    const fan = await createAccount(stack.api, stack.db);
    // The worker opens both drops; a hold before then is refused, so wait for "live".
    for (const drop of [first, second]) {
      await eventually(async () => {
        const { rows } = await stack.db.query<{ state: string }>(
          `SELECT state FROM drops WHERE id = $1`,
          [drop.id],
        );
        return rows[0]?.state === 'live' ? true : undefined;
      }, 30_000);
      const held = await holdAndCheckout(stack.api, fan, drop.id, drop.variants.redLp);
      stack.stripe.pay(held.sessionId);
      await orderReaches(stack.db, held.orderId, 'paid');
    }
    // And one order left awaiting payment in the first drop.
    await holdAndCheckout(stack.api, fan, first.id, first.variants.hoodieM);

    const context = await stack.newContext('desktop');
    const page = await context.newPage();
    await signInAsAdmin(stack, page, '/monitor/orders');
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    const table = page.getByRole('table', { name: 'Orders' });
    await page.getByText('1–3 of 3').waitFor();
    await table
      .getByRole('row', { name: new RegExp(first.name) })
      .first()
      .waitFor();
    await table.getByRole('row', { name: new RegExp(second.name) }).waitFor();
    await table.getByText('#1 of 150').first().waitFor();
    await capture(page, 'monitor-orders');

    const { rows: collectives } = await stack.db.query<{ name: string; id: string }>(
      `SELECT c.id, c.name FROM collectives c JOIN drops d ON d.collective_id = c.id WHERE d.id = $1`,
      [second.id],
    );
    await page.getByLabel('Collective').selectOption(collectives[0].id);
    await page.getByText('1–1 of 1').waitFor();
    expect(await table.getByRole('row', { name: new RegExp(first.name) }).count()).toBe(0);
    expect(page.url()).toContain(`collectiveId=${collectives[0].id}`);

    await page.getByLabel('Collective').selectOption('');
    await page.getByLabel('Status').selectOption('awaiting_payment');
    await page.getByText('1–1 of 1').waitFor();
    await table.getByRole('row', { name: /Awaiting payment/ }).waitFor();

    // A day with no orders shows none, and says so.
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('To (day)').fill('2020-01-01');
    await page.getByText('No order matches these filters.').waitFor();
  });
});
