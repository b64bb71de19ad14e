// The admin monitor, live: every drop on one screen with figures that move while fans buy
// through the API (from the monitor's one stream: re-reading the list is blocked, and the page
// is never reloaded), sorting, the drill-down into one drop; and an anomaly (a fan disputes a
// charge at the Stripe stand-in) that appears on the open anomaly list and in the navigation's
// count without a reload (through the stream's anomaly frame or the pages' 10 s re-read, which
// this test does not tell apart), and that the admin acknowledges and resolves with a note.
import './support/browser-env';
import './support/monitor-env';
import type { Locator, Page } from 'playwright-core';
import { createAccount } from '../support/accounts';
import { holdAndCheckout, orderReaches, placeHold } from '../support/payments';
import { eventually } from '../support/test-app';
import { capture, useBrowserStack } from './support/browser-stack';
import { signInAsAdmin } from './support/admin-fixtures';
import { scheduleVinylAndGarmentDrop, type ScheduledDrop } from './support/storefront-fixtures';

/** The text of `row`'s cell under the column headed `header`. */
async function cellText(page: Page, row: Locator, header: string): Promise<string> {
  const headers = await page.getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((text) => text.replace(/[▲▼↕]/g, '').trim() === header);
  if (index < 0) throw new Error(`no column "${header}" in ${JSON.stringify(headers)}`);
  return (await row.getByRole('cell').nth(index).innerText()).trim();
}

/** Waits until the cell reads `expected` (the figure arrives from the stream, not at once). */
async function cellReaches(page: Page, row: Locator, header: string, expected: string) {
  let last = '';
  await eventually(async () => {
    last = await cellText(page, row, header);
    return last === expected ? true : undefined;
  }, 20_000).catch(() => {
    throw new Error(`"${header}" stayed "${last}", expected "${expected}"`);
  });
}

async function untilLive(stack: ReturnType<typeof useBrowserStack>, drop: ScheduledDrop) {
  await eventually(async () => {
    const { rows } = await stack.db.query<{ state: string }>(
      'SELECT state FROM drops WHERE id = $1',
      [drop.id],
    );
    return rows[0]?.state === 'live' ? true : undefined;
  }, 30_000);
}

describe('admin monitor: live inventory and anomalies', () => {
  const stack = useBrowserStack();

  it('shows every drop, sorts them, and moves the figures live while fans buy', async () => {
    const live = await scheduleVinylAndGarmentDrop(stack, { startsInSeconds: 2, units: 10 });
    const later = await scheduleVinylAndGarmentDrop(stack, { startsInSeconds: 3600, units: 5 });
    await untilLive(stack, live);

    const context = await stack.newContext('desktop');
    const page = await context.newPage();
    await signInAsAdmin(stack, page, '/monitor');
    await page.getByRole('heading', { name: 'Live inventory' }).waitFor();
    await page.getByText('Live: figures update as fans buy').waitFor();
    const table = page.getByRole('table', { name: 'Scheduled and live drops' });
    const row = table.getByRole('row', { name: new RegExp(live.name) });
    await row.waitFor();
    await cellReaches(page, row, 'State', 'LIVE');
    expect(await cellText(page, row, 'Allocated')).toBe('30');
    expect(await cellText(page, row, 'Held')).toBe('0');

    // Sorting: by opening time, then the other way; the header says which way it sorts.
    const opens = page.getByRole('columnheader', { name: /Opens/ });
    await opens.getByRole('button').click();
    expect(await opens.getAttribute('aria-sort')).toBe('ascending');
    expect(await table.getByRole('row').nth(1).innerText()).toContain(live.name);
    await opens.getByRole('button').click();
    expect(await opens.getAttribute('aria-sort')).toBe('descending');
    expect(await table.getByRole('row').nth(1).innerText()).toContain(later.name);
    const sellThrough = page.getByRole('columnheader', { name: /Sell-through/ });
    await sellThrough.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await sellThrough.getAttribute('aria-sort')).toBe('descending');

    // From here on the list cannot be re-read: whatever moves, moves through the stream.
    await page.route('**/admin/monitor/drops', (route) => route.abort());
    await page.evaluate(() => {
      (globalThis as unknown as { sameDocument: boolean }).sameDocument = true;
    });

    const fan = await createAccount(stack.api, stack.db);
    await placeHold(stack.api, fan, live.id, live.variants.blackLp, 2);
    await cellReaches(page, row, 'Held', '2');
    await cellReaches(page, row, 'Available', '28');

    const buyer = await createAccount(stack.api, stack.db);
    const held = await holdAndCheckout(stack.api, buyer, live.id, live.variants.redLp);
    await cellReaches(page, row, 'Held', '3');
    stack.stripe.pay(held.sessionId);
    await orderReaches(stack.db, held.orderId, 'paid');
    await cellReaches(page, row, 'Sold', '1');
    await cellReaches(page, row, 'Held', '2');
    await cellReaches(page, row, 'Sell-through', '3%');
    expect(
      await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument),
    ).toBe(true);
    await page.unroute('**/admin/monitor/drops');
    await capture(page, 'monitor-inventory');

    // Drill into the drop: its lines, its holds about to expire, the console's live view.
    await row.getByRole('link', { name: live.name }).click();
    await page.getByRole('heading', { name: live.name }).waitFor();
    const lines = page.getByRole('table', { name: 'Lines of this drop' });
    await lines.getByRole('row').nth(3).waitFor();
    expect(await lines.getByRole('row').count()).toBe(4);
    const consoleLink = page.getByRole('link', { name: /live view in the console/ });
    const { rows } = await stack.db.query<{ collective_id: string }>(
      'SELECT collective_id FROM drops WHERE id = $1',
      [live.id],
    );
    expect(await consoleLink.getAttribute('href')).toBe(
      `/console/collectives/${rows[0].collective_id}/drops/${live.id}/live`,
    );
    await page.getByRole('heading', { name: 'Holds expiring soon' }).waitFor();
    // The gate's column is read every few seconds, the counters live: the page says so.
    await page.getByText(/the gate's figures and drift are read again every 5 seconds/).waitFor();
    const heldFigure = page.getByRole('definition').nth(1);
    expect(await heldFigure.innerText()).toBe('2');
    await placeHold(stack.api, buyer, live.id, live.variants.hoodieM, 1);
    await eventually(async () => ((await heldFigure.innerText()) === '3' ? true : undefined));
    await capture(page, 'monitor-drop');
  });

  it('an anomaly appears on the page by itself, and the admin resolves it', async () => {
    const drop = await scheduleVinylAndGarmentDrop(stack, { startsInSeconds: 2, units: 5 });
    await untilLive(stack, drop);
    const fan = await createAccount(stack.api, stack.db);
    const held = await holdAndCheckout(stack.api, fan, drop.id, drop.variants.blackLp);
    stack.stripe.pay(held.sessionId);
    await orderReaches(stack.db, held.orderId, 'paid');

    const context = await stack.newContext('mobile');
    const page = await context.newPage();
    await signInAsAdmin(stack, page, '/monitor/anomalies?status=open');
    await page.getByRole('heading', { name: 'Anomalies' }).waitFor();
    await page.getByText('No anomaly matches these filters.').waitFor();
    const nav = page.getByRole('navigation', { name: 'Monitor' });
    await nav.getByRole('link', { name: /^Anomalies\s*,\s*0 open$/ }).waitFor();

    // The fan disputes the charge with their bank; Stripe tells the platform.
    stack.stripe.dispute(held.sessionId);
    await orderReaches(stack.db, held.orderId, 'disputed');
    // Raised once, and alerted (which is what the stream tells the page).
    const raised = await eventually(async () => {
      const { rows } = await stack.db.query<{ id: string; alerted: boolean }>(
        `SELECT id, alerted_at IS NOT NULL AS alerted FROM anomalies
          WHERE kind = 'dispute_opened' AND subject_id = $1`,
        [held.orderId],
      );
      return rows[0]?.alerted ? rows : undefined;
    }, 20_000);
    expect(raised).toHaveLength(1);
    const table = page.getByRole('table', { name: 'Anomalies' });
    const row = table.getByRole('row', { name: /Dispute opened/ });
    await row.waitFor({ timeout: 30_000 });
    await nav.getByRole('link', { name: /^Anomalies\s*,\s*1 open$/ }).waitFor();
    await capture(page, 'monitor-anomalies');

    await row.getByRole('button', { name: /^Acknowledge/ }).click();
    const acknowledge = page.getByRole('dialog', { name: 'Acknowledge this anomaly?' });
    await acknowledge.getByRole('button', { name: 'Acknowledge' }).click();
    await acknowledge.waitFor({ state: 'hidden' });
    // Acknowledged is no longer open: the open list empties, the count goes down.
    await page.getByText('No anomaly matches these filters.').waitFor();
    await nav.getByRole('link', { name: /^Anomalies\s*,\s*0 open$/ }).waitFor();

    await page.getByLabel('Status').selectOption('acknowledged');
    await row.getByRole('button', { name: /^Resolve/ }).click();
    const resolve = page.getByRole('dialog', { name: 'Resolve this anomaly?' });
    await resolve
      .getByLabel('What was done')
      .fill('Evidence sent to the bank; the fan got the LP.');
    await capture(page, 'monitor-anomaly-resolve-dialog');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await resolve.waitFor({ state: 'hidden' });
    await page.getByText('No anomaly matches these filters.').waitFor();
    await page.getByLabel('Status').selectOption('resolved');
    await row.getByText('Evidence sent to the bank; the fan got the LP.').waitFor();

    const { rows } = await stack.db.query<{ status: string; resolution_note: string }>(
      `SELECT status, resolution_note FROM anomalies WHERE kind = 'dispute_opened' AND subject_id = $1`,
      [held.orderId],
    );
    expect(rows).toEqual([
      { status: 'resolved', resolution_note: 'Evidence sent to the bank; the fan got the LP.' },
    ]);
  });
});
