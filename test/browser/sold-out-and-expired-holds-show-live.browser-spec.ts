// What fans see change on its own: the last unit going (the drop page says "Sold out" without a
// reload), and a hold running out (the hold page says so, and the unit is on sale again).
import './support/browser-env';
import { createAccount } from '../support/accounts';
import { placeHold } from '../support/payments';
import { eventually } from '../support/test-app';
import { capture, useBrowserStack } from './support/browser-stack';
import { scheduleVinylAndGarmentDrop, signUpInBrowser } from './support/storefront-fixtures';

describe('live changes on the storefront', () => {
  const stack = useBrowserStack();

  it('sold out arrives live, without a reload', async () => {
    const drop = await scheduleVinylAndGarmentDrop(stack, {
      startsInSeconds: 2,
      units: 1,
      perCustomerLimit: 3,
    });
    const context = await stack.newContext('desktop');
    const page = await context.newPage();
    await page.goto(`/drop/${drop.id}`);
    await page.getByRole('link', { name: 'Sign in to buy' }).waitFor({ timeout: 30_000 });
    await page.getByText('3 of 3 left').waitFor();

    const rival = await createAccount(stack.api, stack.db);
    for (const variantId of Object.values(drop.variants)) {
      await placeHold(stack.api, rival, drop.id, variantId);
    }
    await page.getByText('0 of 3 left').waitFor();
    await page.getByText('Sold out', { exact: true }).first().waitFor();
    expect(await page.getByRole('radio', { disabled: true }).count()).toBe(3);
    await capture(page, 'drop-sold-out');
  });

  it('an expired hold tells the fan and frees the unit', async () => {
    const drop = await scheduleVinylAndGarmentDrop(stack, {
      startsInSeconds: 2,
      units: 1,
      holdSeconds: 60,
    });
    const context = await stack.newContext('mobile');
    const page = await context.newPage();
    await signUpInBrowser(page);
    await page.goto(`/drop/${drop.id}`);
    await page.getByRole('radio', { name: /Black, 180 g/ }).check({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Hold it' }).click();
    await page.getByRole('heading', { name: 'Your hold' }).waitFor();
    const holdId = page.url().split('/').pop();

    // Rather than wait the minimum minute, the hold is made to end in a few seconds; the
    // worker's sweep then expires it exactly as it expires any other.
    await stack.db.query(
      `UPDATE holds SET expires_at = now() + interval '4 seconds' WHERE id = $1`,
      [holdId],
    );
    await page.reload();
    await page.getByText('Your hold expired').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Pay now' }).count()).toBe(0);
    await capture(page, 'hold-expired');

    const { rows } = await eventually(async () => {
      const result = await stack.db.query<{ status: string }>(
        'SELECT status FROM holds WHERE id = $1',
        [holdId],
      );
      return result.rows[0]?.status === 'expired' ? result : undefined;
    });
    expect(rows[0].status).toBe('expired');
    await page.getByRole('link', { name: 'Back to the drop' }).click();
    await page.getByText('3 of 3 left').waitFor();
  });
});
