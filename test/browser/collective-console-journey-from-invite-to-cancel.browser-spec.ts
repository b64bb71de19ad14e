// Issue #14's journey in a real browser, end to end: an owner invites a staff member from the
// team page; the staff member opens the link in the mail the SMTP catcher caught, signs up and
// joins; builds a garment and a numbered vinyl through the forms generated from GET /item-kinds,
// with variants and images (uploaded with alt text, reordered by keyboard); schedules a capsule
// drop of both (seeing what fans will see), watches it open and its counters move while fans buy
// through the API; the owner refunds one order with its units returned (refunds are owners'
// only: docs/console.md) while the staff member watches the counter go back up; the staff member
// cancels the live drop after reading what that ends, and its holds end. Every console page is
// captured at 1280×900 and 390×844 and axe-checked (`capture`).
import './support/browser-env';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import sharp from 'sharp';

import { createAccount } from '../support/accounts';
import { createCollective } from '../support/collectives';
import { holdAndCheckout, orderReaches, placeHold } from '../support/payments';
import { eventually } from '../support/test-app';
import { capture, useBrowserStack, VIEWPORTS } from './support/browser-stack';

/** A small solid PNG made here, so the test needs no fixture file. */
async function png(colour: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

/** A `datetime-local` value in this machine's zone (the browser's too), minutes from now. */
function localInMinutes(minutes: number): string {
  const date = new Date(Date.now() + minutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** The phone never scrolls sideways. */
async function fitsThePhone(page: Page): Promise<void> {
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
    VIEWPORTS.mobile.width,
  );
}

async function uploadImage(page: Page, alt: string, colour: { r: number; g: number; b: number }) {
  await page.getByLabel('Image file').setInputFiles({
    name: 'image.png',
    mimeType: 'image/png',
    buffer: await png(colour),
  });
  await page.getByLabel('Alt text', { exact: true }).fill(alt);
  await page.getByRole('button', { name: 'Upload image' }).click();
  await page.getByRole('img', { name: alt }).waitFor();
}

describe('the collective console, from an invite to a cancelled drop', () => {
  const stack = useBrowserStack();

  // The whole must-show of issue #14 in one journey: nineteen pages captured and axe-checked at
  // two sizes; generous for a shared, loaded machine.
  it('invite → catalogue with images → scheduled drop → live sales → refund → cancel', async () => {
    const tag = randomUUID().slice(0, 8);
    const admin = await createAccount(stack.api, stack.db, { role: 'admin' });
    const owner = await createAccount(stack.api, stack.db, { displayName: 'Noor' });
    const collective = (
      await createCollective(stack.api, admin, owner, `night-shift-${tag}`, 'Night Shift')
    ).slug;
    const other = (await createCollective(stack.api, admin, owner, `day-shift-${tag}`, 'Day Shift'))
      .slug;
    const staffEmail = `sky-${tag}@example.com`;

    // ── The owner: console home, the switcher, the team page, an invite. ──
    const ownerPage = await (await stack.newContext('desktop')).newPage();
    await ownerPage.goto('/signin');
    await ownerPage.getByLabel('Email').fill(owner.email);
    await ownerPage.getByLabel('Password').fill(owner.password);
    await ownerPage.getByRole('button', { name: 'Sign in' }).click();
    await ownerPage.getByRole('link', { name: 'Console' }).click();
    await ownerPage.getByRole('heading', { name: 'Collective console' }).waitFor();
    await capture(ownerPage, 'console-home');
    await ownerPage.getByRole('link', { name: 'Day Shift' }).click();
    await ownerPage.getByRole('heading', { name: 'Items', level: 1 }).waitFor();
    await ownerPage
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Team' })
      .click();
    await ownerPage.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    expect(new URL(ownerPage.url()).pathname).toBe(`/console/collectives/${other}/team`);
    // Switching collective keeps the section.
    await ownerPage.getByLabel('Collective', { exact: true }).selectOption(collective);
    await ownerPage.waitForURL(`**/console/collectives/${collective}/team`);
    await ownerPage.getByRole('cell', { name: /Noor \(you\)/ }).waitFor();

    await ownerPage.getByLabel('Email', { exact: true }).fill(staffEmail);
    await ownerPage.getByLabel('Role', { exact: true }).selectOption('staff');
    await ownerPage.getByRole('button', { name: 'Send invite' }).click();
    await ownerPage.getByText(`We mailed ${staffEmail} a link to join`).waitFor();
    await ownerPage.getByRole('cell', { name: staffEmail, exact: true }).waitFor();
    await capture(ownerPage, 'console-team-owner');

    // ── The staff member, on a phone: the mailed link (not a bare token) opens the console. ──
    const mail = await eventually(() =>
      Promise.resolve(stack.mail.to(staffEmail).find((m) => /invited to join/.test(m.subject))),
    );
    const link = /(http\S+\/console\/invites\/accept\?token=\S+)/.exec(mail.text)?.[1] ?? '';
    expect(link.startsWith(`${stack.baseUrl}/console/invites/accept?token=`)).toBe(true);

    const page = await (await stack.newContext('mobile')).newPage();
    await page.goto(link);
    // Signed out: sign in first, or (new here) sign up, and come back to accept.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Sky');
    await page.getByLabel('Email').fill(staffEmail);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Welcome to Night Shift').waitFor();
    await page.getByText('You joined as staff.').waitFor();
    await capture(page, 'console-invite-accepted');
    const joined = await stack.db.query(
      `SELECT m.role FROM collective_memberships m JOIN users u ON u.id = m.user_id
        JOIN collectives c ON c.id = m.collective_id WHERE u.email = $1 AND c.slug = $2`,
      [staffEmail, collective],
    );
    expect(joined.rows).toEqual([{ role: 'staff' }]);

    // ── A garment through the form generated from its kind's schema, a variant, an image. ──
    await page.getByRole('link', { name: 'Open its catalogue' }).click();
    await page.getByRole('heading', { name: 'Items', level: 1 }).waitFor();
    await page.getByText('No items yet').waitFor();
    await page.getByRole('link', { name: 'New item' }).click();
    await page.getByLabel('Kind').selectOption('garment');
    await page.getByLabel('Title').fill('Night Shift hoodie');
    await page.getByLabel('Colour').fill('washed black');
    await page.getByLabel('Material').fill('100% organic cotton');
    await page.getByRole('button', { name: 'Create item' }).click();
    await page.getByRole('heading', { name: 'Night Shift hoodie', level: 1 }).waitFor();

    const addHoodie = page.getByRole('form', { name: 'Add a variant' });
    await addHoodie.getByLabel('Label').fill('Hoodie, M');
    await addHoodie.getByLabel('SKU').fill(`HOOD-${tag}-M`);
    await addHoodie.getByLabel('Price (EUR)').fill('85.00');
    await addHoodie.getByLabel('Edition size').fill('50');
    await addHoodie.getByLabel('Size', { exact: true }).selectOption('M');
    await addHoodie.getByRole('button', { name: 'Add variant' }).click();
    // On a phone each row is a card whose cells are named with their column's label too.
    const hoodieVariants = page.getByRole('table', { name: 'Variants of Night Shift hoodie' });
    await hoodieVariants.getByText('Hoodie, M', { exact: true }).waitFor();
    await hoodieVariants.getByText('€85.00', { exact: true }).waitFor();
    await uploadImage(page, 'The hoodie, folded, front print', { r: 20, g: 20, b: 20 });
    // The item page and its new-item form are captured with the vinyl's richer fields below.
    await fitsThePhone(page);

    // ── A numbered vinyl: number and enum fields generated from the vinyl's schema. ──
    await page.getByRole('link', { name: '← Items' }).click();
    await page.getByRole('link', { name: 'New item' }).click();
    await page.getByLabel('Kind').selectOption('vinyl');
    await page.getByLabel('Title').fill('Afterhours LP');
    await page.getByLabel('Format').selectOption('LP');
    await page.getByLabel('Rpm').selectOption('33');
    await page.getByLabel('Catalogue number').fill(`NS-${tag}`);
    await capture(page, 'console-item-new-vinyl');
    await page.getByRole('button', { name: 'Create item' }).click();
    await page.getByRole('heading', { name: 'Afterhours LP', level: 1 }).waitFor();
    const addPressing = page.getByRole('form', { name: 'Add a variant' });
    await addPressing.getByLabel('Label').fill('Clear red, 180 g');
    await addPressing.getByLabel('SKU').fill(`LP-${tag}-RED`);
    await addPressing.getByLabel('Price (EUR)').fill('32.50');
    await addPressing.getByLabel('Edition size').fill('300');
    await addPressing.getByLabel(/Numbered/).check();
    await addPressing.getByLabel('Colourway').fill('clear red');
    await addPressing.getByLabel('Weight grams').fill('180');
    await addPressing.getByLabel('Pressing').fill('1');
    await addPressing.getByRole('button', { name: 'Add variant' }).click();
    await page
      .getByRole('table', { name: 'Variants of Afterhours LP' })
      .getByText('300, numbered', { exact: true })
      .waitFor();
    await uploadImage(page, 'Sleeve, front', { r: 200, g: 30, b: 30 });
    await uploadImage(page, 'Clear red disc on the platter', { r: 230, g: 60, b: 60 });
    // Reorder with the keyboard: focus "move down" on the first image and press Enter.
    await page.getByRole('button', { name: 'Move image 1 (Sleeve, front) down' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Image moved to position 2 of 2.').waitFor();
    const imageOrder = await stack.db.query<{ alt: string }>(
      `SELECT i.alt FROM item_images i JOIN items it ON it.id = i.item_id
        WHERE it.title = 'Afterhours LP' ORDER BY i.position`,
    );
    expect(imageOrder.rows.map((r) => r.alt)).toEqual([
      'Clear red disc on the platter',
      'Sleeve, front',
    ]);
    await capture(page, 'console-item-vinyl');
    await fitsThePhone(page);

    await page.getByRole('link', { name: '← Items' }).click();
    await page
      .getByRole('cell', { name: /Clear red, 180 g: €32.50, 300 of 300 unallocated, numbered/ })
      .waitFor();
    await capture(page, 'console-items');

    // ── Schedule a capsule drop of both: lines from variants with free units, and the drop
    // page as fans will see it. The rest of the journey is on a desktop-sized window. ──
    await page.setViewportSize(VIEWPORTS.desktop);
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Drops' })
      .click();
    await page.getByRole('heading', { name: 'Drops', level: 1 }).waitFor();
    await capture(page, 'console-drops-empty');
    await page.getByRole('link', { name: 'Schedule a drop' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Winter capsule');
    await page.getByLabel('Description').fill('The red pressing and the hoodie, together.');
    await page.getByLabel('Opens at', { exact: true }).fill(localInMinutes(30));
    await page.getByLabel('Hold length (minutes)').fill('4');
    await page.getByLabel('Per-customer limit').fill('2');
    await page.getByText('300 of 300 free').waitFor();
    await page.getByLabel('Afterhours LP — Clear red, 180 g (units)').fill('10');
    await page.getByLabel('Night Shift hoodie — Hoodie, M (units)').fill('5');
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
    const { rows: scheduled } = await stack.db.query<{ state: string; sku: string; id: string }>(
      `SELECT d.state, v.sku, v.id FROM drops d JOIN drop_lines l ON l.drop_id = d.id
         JOIN variants v ON v.id = l.variant_id WHERE d.id = $1 ORDER BY v.sku`,
      [dropId],
    );
    expect(scheduled.map(({ state, sku }) => ({ state, sku }))).toEqual([
      { state: 'scheduled', sku: `HOOD-${tag}-M` },
      { state: 'scheduled', sku: `LP-${tag}-RED` },
    ]);
    const [hoodieM, redLp] = scheduled.map((r) => r.id);

    // The public drop page shows the images with their alt text before it opens.
    const fan = await (await stack.newContext('mobile')).newPage();
    await fan.goto(`/drop/${dropId}`);
    await fan.getByRole('heading', { name: 'Winter capsule' }).waitFor();
    await fan.getByRole('img', { name: 'The hoodie, folded, front print' }).first().waitFor();
    await fan.getByRole('img', { name: 'Clear red disc on the platter' }).first().waitFor();
    await capture(fan, 'console-images-on-drop-page');

    // Deleting what a drop uses is refused, with the API's reason in the dialog.
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Items' })
      .click();
    await page.getByRole('link', { name: 'Night Shift hoodie' }).click();
    await page.getByRole('button', { name: 'Delete item Night Shift hoodie' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Night Shift hoodie?' });
    await dialog.getByRole('button', { name: 'Delete item' }).click();
    await dialog.getByText('It is in 1 drop (ITEM_IN_DROP)', { exact: false }).waitFor();
    await capture(page, 'console-item-in-drop');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // ── Watch it open: the opening is brought forward (rather than waiting half an hour) and
    // the worker's sweep opens it; the live view follows the stream without a reload. ──
    const live = `/console/collectives/${collective}/drops/${dropId}/live`;
    await page.goto(live);
    await page.getByRole('rowheader', { name: 'Afterhours LP — Clear red, 180 g' }).waitFor();
    await stack.db.query(`UPDATE drops SET starts_at = now() WHERE id = $1`, [dropId]);
    await page.getByText('Live', { exact: true }).first().waitFor({ timeout: 30_000 });
    const row = (line: string, held: number, sold: number, available: number, of: number) =>
      page.getByRole('row', { name: `${line} ${of} ${held} ${sold} ${available}` });
    await row('Afterhours LP — Clear red, 180 g', 0, 0, 10, 10).waitFor();

    // Fans buy through the API; the counters move on the page.
    const buyer = async (name: string, variantId: string, quantity: number, pay: boolean) => {
      const account = await createAccount(stack.api, stack.db, {
        displayName: name,
        email: `${name.toLowerCase()}-${tag}@example.com`,
      });
      const order = await holdAndCheckout(stack.api, account, dropId, variantId, quantity);
      if (pay) {
        stack.stripe.pay(order.sessionId);
        await orderReaches(stack.db, order.orderId, 'paid');
      }
      return order;
    };
    const refunded = await buyer('Ada', redLp, 2, true);
    await buyer('Kim', redLp, 1, true);
    await buyer('Sol', hoodieM, 1, false);
    await row('Afterhours LP — Clear red, 180 g', 0, 3, 7, 10).waitFor();
    await row('Night Shift hoodie — Hoodie, M', 1, 0, 4, 5).waitFor();
    // The ledger's figures: the unpaid hold expires within five minutes (holds last four), and
    // the per-second series has every unit held and sold since the opening.
    const expiring = page.getByRole('region', { name: /Holds expiring in the next 5 minutes/ });
    await expiring.getByText('1 hold, 1 unit').waitFor();
    await page.getByText(/4 held, 3 sold in \d+ busy seconds/).waitFor();
    await capture(page, 'console-drop-live');

    // ── Orders of the drop, filtered and exported, one order's detail. ──
    await page.goto(`/console/collectives/${collective}/orders?dropId=${dropId}`);
    await page.getByText('3 orders').waitFor();
    await page.getByLabel('Status').selectOption('paid');
    await page.getByText('2 orders').waitFor();
    await capture(page, 'console-orders');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download paid orders (CSV)' }).click();
    expect((await download).suggestedFilename()).toBe(`orders-${dropId}.csv`);

    const orderPath = `/console/collectives/${collective}/orders/${refunded.orderId}`;
    await page.goto(orderPath);
    await page.getByText('#1 of 300').waitFor();
    await page.getByRole('cell', { name: /checkout\.session\.completed/ }).waitFor();
    // Staff are not offered the refund the API would refuse them.
    await page.getByText("Only the collective's owners refund orders.").waitFor();
    expect(await page.getByRole('button', { name: /Refund/ }).count()).toBe(0);
    await capture(page, 'console-order-staff');

    // ── The owner refunds with the units returned; the staff member's live view, open the
    // whole time, shows the counter go back up. ──
    await page.goto(live);
    await row('Afterhours LP — Clear red, 180 g', 0, 3, 7, 10).waitFor();
    await ownerPage.goto(orderPath);
    await ownerPage.getByText('#1 of 300').waitFor();
    await ownerPage.getByRole('checkbox', { name: 'Return units to the drop' }).waitFor();
    await ownerPage.getByRole('button', { name: /Refund €65\.00/ }).click();
    await ownerPage.getByText(/and return the units to the drop\?/).waitFor();
    await capture(ownerPage, 'console-order-refund-confirm');
    await ownerPage.getByRole('button', { name: 'Confirm refund' }).click();
    await ownerPage.getByText('Refunded.').waitFor({ timeout: 30_000 });
    const { rows: refunds } = await stack.db.query(
      `SELECT quantity FROM inventory_movements WHERE hold_id = $1 AND kind = 'refund'`,
      [refunded.holdId],
    );
    expect(refunds).toEqual([{ quantity: 2 }]);
    await row('Afterhours LP — Clear red, 180 g', 0, 1, 9, 10).waitFor();

    // ── Cancelling a live drop: its consequences first, then the airtight cancel ends holds. ──
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

    // ── Staff see the team but not its owner-only controls; the owner reads the audit log. ──
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Team' })
      .click();
    await page.getByRole('cell', { name: /Sky \(you\)/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Send invite' }).count()).toBe(0);
    await capture(page, 'console-team-staff');

    await ownerPage.goto(`/console/collectives/${collective}/team/audit`);
    await ownerPage.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    for (const action of [
      'collective.invite.create',
      'collective.invite.accept',
      'order.refund',
      'drop.cancel',
    ]) {
      await ownerPage.getByRole('cell', { name: action, exact: true }).first().waitFor();
    }
    await capture(ownerPage, 'console-team-audit');
  }, 1_200_000);
});
