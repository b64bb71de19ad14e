// The fan's whole purchase in a real browser: sign up, watch the drop page count down and open,
// hold, pay on the (stand-in) Stripe page, land on a success page that tells the truth, find the
// order with its edition number in the account, and open the number's public certificate.
import './support/browser-env';
import { capture, useBrowserStack } from './support/browser-stack';
import { scheduleVinylAndGarmentDrop, signUpInBrowser } from './support/storefront-fixtures';

describe('a fan buys a numbered vinyl and a garment in the browser', () => {
  const stack = useBrowserStack();

  it('from the countdown to the certificate', async () => {
    const drop = await scheduleVinylAndGarmentDrop(stack, { startsInSeconds: 10 });
    const context = await stack.newContext('mobile');
    const page = await context.newPage();
    await signUpInBrowser(page);

    await page.goto('/');
    await page.getByRole('link', { name: drop.name }).click();
    await page.getByRole('heading', { name: drop.name, level: 1 }).waitFor();
    // Before the opening: a countdown, and no way to hold yet.
    await page.getByText(/^\d\d:\d\d:\d\d$/).waitFor();
    expect(await page.getByRole('button', { name: 'Hold it' }).count()).toBe(0);
    await capture(page, 'drop-countdown');

    // The worker opens the drop on time; the page follows without a reload.
    await page
      .getByRole('button', { name: /Hold it|Choose one above/ })
      .waitFor({ timeout: 40_000 });
    await page.getByRole('radio', { name: /Afterhours LP — Clear red, 180 g/ }).check();
    await capture(page, 'drop-live');
    await page.getByRole('button', { name: 'Hold it' }).click();

    await page.getByRole('heading', { name: 'Your hold' }).waitFor();
    await page.getByText('Afterhours LP — Clear red, 180 g').waitFor();
    await page
      .getByText(/Held for you, expires/)
      .first()
      .waitFor();
    await capture(page, 'hold');
    await page.getByRole('button', { name: 'Pay now' }).click();

    // Stripe's hosted page (the offline stand-in).
    await page.getByRole('heading', { name: /Pay/ }).waitFor();
    expect(new URL(page.url()).port).toBe(process.env.STRIPE_API_PORT);
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('link', { name: 'Continue' }).click();

    await page.getByText('Paid: it is yours').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: /#1 of 150/ }).waitFor();
    await capture(page, 'checkout-success');

    // The garment, from the same drop: no number, same path.
    await page.goto(`/drop/${drop.id}`);
    await page.getByRole('radio', { name: /Night Shift hoodie — Hoodie, washed black, M/ }).check();
    await page.getByRole('button', { name: 'Hold it' }).click();
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.getByText('Paid: it is yours').waitFor({ timeout: 30_000 });

    await page.getByRole('link', { name: 'All your orders' }).click();
    await page.getByRole('heading', { name: 'My orders' }).waitFor();
    await page.getByRole('heading', { name: /Night Shift hoodie/ }).waitFor();
    // Both holds are listed, now paid (converted into the orders above), without the deadline
    // that no longer applies. The section's heading renders before its rows load, so wait for
    // the rows themselves.
    const holdRows = page.getByRole('table', { name: 'My holds' }).getByRole('row');
    const paidHolds = holdRows.filter({
      has: page.getByRole('cell', { name: 'Paid', exact: true }),
    });
    await paidHolds.nth(1).waitFor();
    expect(await paidHolds.count()).toBe(2);
    for (const row of await paidHolds.all()) {
      expect(await row.getByRole('cell').last().textContent()).toBe('—');
    }
    await capture(page, 'account');
    await page.getByRole('link', { name: /#1 of 150/ }).click();

    await page.getByText('#1 of 150', { exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Afterhours LP' }).waitFor();
    await capture(page, 'certificate');
    const { rows } = await stack.db.query<{ status: string }>(
      `SELECT o.status FROM orders o JOIN users u ON u.id = o.user_id
        WHERE o.drop_id = $1 ORDER BY o.created_at`,
      [drop.id],
    );
    expect(rows.map((r) => r.status)).toEqual(['paid', 'paid']);
  });
});
