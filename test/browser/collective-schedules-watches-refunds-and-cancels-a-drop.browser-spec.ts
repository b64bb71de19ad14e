// The collective's side of a drop in a real browser: the owner schedules a capsule drop of a
// garment and a numbered vinyl in the console (seeing what fans will see), watches it open and
// its counters move while fans buy through the API, refunds one order with its units returned
// and sees the counter go back up, then cancels the live drop after reading what that ends.
// The items are created through the API (the catalogue pages are issue #14's other half).
import './support/browser-env';
import { randomUUID } from 'node:crypto';

import { createAccount } from '../support/accounts';
import { createCollective } from '../support/collectives';
import { createItem, hoodie, record } from '../support/drops';
import { holdAndCheckout, orderReaches, placeHold } from '../support/payments';
import { capture, useBrowserStack } from './support/browser-stack';

/** A `datetime-local` value in this machine's zone (the browser's too), minutes from now. */
function localInMinutes(minutes: number): string {
  const date = new Date(Date.now() + minutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

describe('a collective schedules, watches, refunds and cancels a drop in the console', () => {
  const stack = useBrowserStack();

  // A long journey: seven pages captured and axe-checked at two sizes on a shared machine.
  it('from the scheduling form to the cancelled drop', async () => {
    const tag = randomUUID().slice(0, 8);
    const admin = await createAccount(stack.api, stack.db, { role: 'admin' });
    const owner = await createAccount(stack.api, stack.db, { displayName: 'Noor' });
    const collective = (
      await createCollective(stack.api, admin, owner, `night-shift-${tag}`, 'Night Shift')
    ).slug;
    const lp = await createItem(stack.api, owner, collective, record(tag));
    const garment = await createItem(stack.api, owner, collective, hoodie(tag));
    const redLp = lp.variants[1].id;
    const hoodieM = garment.variants[1].id;

    const context = await stack.newContext('desktop');
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Console' }).waitFor();

    // Schedule: lines from variants with free units, and the drop page as fans will see it.
    await page.goto(`/console/collectives/${collective}/drops`);
    await page.getByRole('heading', { name: 'Drops', level: 1 }).waitFor();
    await capture(page, 'console-drops-empty');
    await page.getByRole('link', { name: 'Schedule a drop' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Winter capsule');
    await page.getByLabel('Description').fill('The red pressing and the hoodie, together.');
    await page.getByLabel('Opens at', { exact: true }).fill(localInMinutes(30));
    await page.getByLabel('Hold length (minutes)').fill('4');
    await page.getByLabel('Per-customer limit').fill('2');
    await page.getByText('150 of 150 free').waitFor();
    await page.getByLabel('Afterhours LP — Clear red, 180 g (units)').fill('10');
    await page.getByLabel('Night Shift hoodie — Hoodie, washed black, M (units)').fill('5');
    const preview = page.getByRole('region', { name: 'What fans will see' });
    await preview.getByRole('heading', { name: 'Winter capsule' }).waitFor();
    await preview.getByRole('radio', { name: /Afterhours LP — Clear red, 180 g/ }).waitFor();
    await preview.getByText('15 of 15 left').waitFor();
    await capture(page, 'console-drop-new');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { name: 'Winter capsule', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByText('lines and prices are fixed once scheduled', { exact: false }).waitFor();
    await capture(page, 'console-drop-scheduled');
    const dropId = new URL(page.url()).pathname.split('/').pop() as string;
    expect(
      (await stack.db.query(`SELECT state FROM drops WHERE id = $1`, [dropId])).rows[0].state,
    ).toBe('scheduled');

    // Watch it open: the opening is brought forward (rather than waiting half an hour) and the
    // worker's sweep opens it; the live view follows the stream without a reload.
    await page.getByRole('link', { name: 'Live view' }).click();
    await page.getByRole('rowheader', { name: 'Afterhours LP — Clear red, 180 g' }).waitFor();
    await stack.db.query(`UPDATE drops SET starts_at = now() WHERE id = $1`, [dropId]);
    await page.getByText('Live', { exact: true }).first().waitFor({ timeout: 30_000 });
    const row = (line: string, held: number, sold: number, available: number, of: number) =>
      page.getByRole('row', { name: `${line} ${of} ${held} ${sold} ${available}` });
    await row('Afterhours LP — Clear red, 180 g', 0, 0, 10, 10).waitFor();

    // Fans buy through the API; the counters move on the page.
    const buyer = async (name: string, variantId: string, quantity: number, pay: boolean) => {
      const fan = await createAccount(stack.api, stack.db, {
        displayName: name,
        email: `${name.toLowerCase()}-${tag}@example.com`,
      });
      const order = await holdAndCheckout(stack.api, fan, dropId, variantId, quantity);
      if (pay) {
        stack.stripe.pay(order.sessionId);
        await orderReaches(stack.db, order.orderId, 'paid');
      }
      return { fan, order };
    };
    const first = await buyer('Ada', redLp, 2, true);
    await buyer('Kim', redLp, 1, true);
    await buyer('Sol', hoodieM, 1, false);
    await row('Afterhours LP — Clear red, 180 g', 0, 3, 7, 10).waitFor();
    await row('Night Shift hoodie — Hoodie, washed black, M', 1, 0, 4, 5).waitFor();
    // The ledger's figures: the unpaid hold expires within five minutes (holds last four), and
    // the per-second series has every unit held and sold since the opening.
    const expiring = page.getByRole('region', { name: /Holds expiring in the next 5 minutes/ });
    await expiring.getByText('1 hold, 1 unit').waitFor();
    await page.getByText(/4 held, 3 sold in \d+ busy seconds/).waitFor();
    await capture(page, 'console-drop-live');

    // Orders of the drop, one order's detail, a refund with its units returned.
    await page.goto(`/console/collectives/${collective}/orders?dropId=${dropId}`);
    await page.getByText('3 orders').waitFor();
    await page.getByLabel('Status').selectOption('paid');
    await page.getByText('2 orders').waitFor();
    await page.getByRole('button', { name: 'Download paid orders (CSV)' }).waitFor();
    await capture(page, 'console-orders');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download paid orders (CSV)' }).click();
    expect((await download).suggestedFilename()).toBe(`orders-${dropId}.csv`);

    await page.goto(`/console/collectives/${collective}/orders/${first.order.orderId}`);
    await page.getByText('#1 of 150').waitFor();
    await page.getByRole('cell', { name: /checkout\.session\.completed/ }).waitFor();
    await capture(page, 'console-order');
    await page.getByRole('checkbox', { name: 'Return units to the drop' }).waitFor();
    await page.getByRole('button', { name: /Refund €64\.00/ }).click();
    await page.getByText(/and return the units to the drop\?/).waitFor();
    await capture(page, 'console-order-refund-confirm');
    await page.getByRole('button', { name: 'Confirm refund' }).click();
    await page.getByText('Refunded.').waitFor({ timeout: 30_000 });
    const { rows: refunds } = await stack.db.query(
      `SELECT quantity FROM inventory_movements WHERE hold_id = $1 AND kind = 'refund'`,
      [first.order.holdId],
    );
    expect(refunds).toEqual([{ quantity: 2 }]);

    // The counter goes back up on the live view.
    await page.goto(`/console/collectives/${collective}/drops/${dropId}/live`);
    await row('Afterhours LP — Clear red, 180 g', 0, 1, 9, 10).waitFor();

    // Cancelling a live drop: its consequences first, then the airtight cancel ends the holds.
    const holder = await createAccount(stack.api, stack.db);
    const heldId = await placeHold(stack.api, holder, dropId, redLp, 1);
    await page.goto(`/console/collectives/${collective}/drops/${dropId}`);
    await page.getByRole('button', { name: 'Cancel drop…' }).click();
    const consequences = page.getByRole('list', { name: 'What cancelling would do' });
    const { rows: active } = await stack.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM holds WHERE drop_id = $1 AND status = 'active'`,
      [dropId],
    );
    expect(active[0].n).toBeGreaterThanOrEqual(1);
    await consequences.getByText(`end ${active[0].n} active holds`).waitFor();
    await consequences.getByText('expire 1 open checkouts').waitFor();
    await consequences.getByText(/keep 1 paid orders valid/).waitFor();
    await capture(page, 'console-drop-cancel');
    await page.getByRole('button', { name: 'Yes, cancel the drop' }).click();
    await page.getByText('The drop is cancelled', { exact: false }).waitFor({ timeout: 30_000 });
    const { rows } = await stack.db.query<{ state: string; active: number }>(
      `SELECT (SELECT state FROM drops WHERE id = $1) AS state,
              (SELECT count(*)::int FROM holds WHERE drop_id = $1 AND status = 'active') AS active,
              (SELECT status FROM holds WHERE id = $2) AS held`,
      [dropId, heldId],
    );
    expect(rows[0]).toEqual({
      state: 'cancelled',
      active: 0,
      held: expect.not.stringMatching(/^active$/),
    });
    await capture(page, 'console-drop-cancelled');
  }, 300_000);
});
