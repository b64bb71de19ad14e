// The console's team and catalogue in a real browser: an owner invites a staff member from the
// team page; the staff member opens the link in the mail the SMTP catcher caught, signs up and
// joins; then creates a garment and a numbered vinyl through the forms generated from
// GET /item-kinds, adds variants, uploads images with alt text and reorders them; the public
// drop page shows the images. Every page is captured at 1280×900 and 390×844 and axe-checked.
import './support/browser-env';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';

import { createAccount } from '../support/accounts';
import { createCollective } from '../support/collectives';
import { createDrop, inSeconds, scheduleDrop } from '../support/drops';
import { eventually } from '../support/test-app';
import { capture, useBrowserStack } from './support/browser-stack';

/** A small solid PNG made here, so the test needs no fixture file. */
async function png(colour: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

describe('an owner invites staff who build the catalogue in the console', () => {
  const stack = useBrowserStack();

  // A long journey: twelve pages captured and axe-checked at two sizes on a shared machine.
  it('invite by mail → accept from the link → garment and numbered vinyl with images → drop page', async () => {
    const tag = randomUUID().slice(0, 8);
    const admin = await createAccount(stack.api, stack.db, { role: 'admin' });
    const owner = await createAccount(stack.api, stack.db, { displayName: 'Noor' });
    const collective = (
      await createCollective(stack.api, admin, owner, `night-shift-${tag}`, 'Night Shift')
    ).slug;
    const other = (await createCollective(stack.api, admin, owner, `day-shift-${tag}`, 'Day Shift'))
      .slug;
    const staffEmail = `sky-${tag}@example.com`;

    // The owner: team page, switcher, invite, audit log.
    const ownerContext = await stack.newContext('desktop');
    const ownerPage = await ownerContext.newPage();
    await ownerPage.goto('/signin');
    await ownerPage.getByLabel('Email').fill(owner.email);
    await ownerPage.getByLabel('Password').fill(owner.password);
    await ownerPage.getByRole('button', { name: 'Sign in' }).click();
    await ownerPage.getByRole('link', { name: 'Console' }).click();
    await ownerPage.getByRole('heading', { name: 'Collective console' }).waitFor();
    await capture(ownerPage, 'console-home');
    await ownerPage.getByRole('link', { name: 'Day Shift' }).click();
    await ownerPage.getByRole('heading', { name: 'Items', level: 1 }).waitFor();
    const consoleNav = ownerPage.getByRole('navigation', { name: 'Console' });
    await consoleNav.getByRole('link', { name: 'Team' }).click();
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

    // The staff member: the mailed link, not a bare token, opens the console's accept page.
    const mail = await eventually(() =>
      Promise.resolve(stack.mail.to(staffEmail).find((m) => /invited to join/.test(m.subject))),
    );
    const link = /(http\S+\/console\/invites\/accept\?token=\S+)/.exec(mail.text)?.[1] ?? '';
    expect(link.startsWith(`${stack.baseUrl}/console/invites/accept?token=`)).toBe(true);

    const staffContext = await stack.newContext('mobile');
    const page = await staffContext.newPage();
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

    // A garment through the form generated from its kind's schema.
    await page.getByRole('link', { name: 'Open its catalogue' }).click();
    await page.getByRole('heading', { name: 'Items', level: 1 }).waitFor();
    await page.getByText('No items yet').waitFor();
    await capture(page, 'console-items-empty');
    await page.getByRole('link', { name: 'New item' }).click();
    await page.getByLabel('Kind').selectOption('garment');
    await page.getByLabel('Title').fill('Night Shift hoodie');
    await page.getByLabel('Colour').fill('washed black');
    await page.getByLabel('Material').fill('100% organic cotton');
    await capture(page, 'console-item-new-garment');
    await page.getByRole('button', { name: 'Create item' }).click();
    await page.getByRole('heading', { name: 'Night Shift hoodie', level: 1 }).waitFor();

    const addVariant = page.getByRole('form', { name: 'Add a variant' });
    await addVariant.getByLabel('Label').fill('Hoodie, M');
    await addVariant.getByLabel('SKU').fill(`HOOD-${tag}-M`);
    await addVariant.getByLabel('Price (EUR)').fill('85.00');
    await addVariant.getByLabel('Edition size').fill('50');
    await addVariant.getByLabel('Size', { exact: true }).selectOption('M');
    await addVariant.getByRole('button', { name: 'Add variant' }).click();
    // On a phone each row is a card whose cells are named with their column's label too.
    const hoodieVariants = page.getByRole('table', { name: 'Variants of Night Shift hoodie' });
    await hoodieVariants.getByText('Hoodie, M', { exact: true }).waitFor();
    await hoodieVariants.getByText('€85.00', { exact: true }).waitFor();

    await page.getByLabel('Image file').setInputFiles({
      name: 'hoodie.png',
      mimeType: 'image/png',
      buffer: await png({ r: 20, g: 20, b: 20 }),
    });
    await page.getByLabel('Alt text', { exact: true }).fill('The hoodie, folded, front print');
    await page.getByRole('button', { name: 'Upload image' }).click();
    await page.getByRole('img', { name: 'The hoodie, folded, front print' }).waitFor();
    await capture(page, 'console-item-garment');
    // The phone never scrolls sideways on the longest page.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );

    // A numbered vinyl: number and enum fields generated from the vinyl's schema.
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
    const vinylVariant = page.getByRole('form', { name: 'Add a variant' });
    await vinylVariant.getByLabel('Label').fill('Clear red, 180 g');
    await vinylVariant.getByLabel('SKU').fill(`LP-${tag}-RED`);
    await vinylVariant.getByLabel('Price (EUR)').fill('32.50');
    await vinylVariant.getByLabel('Edition size').fill('300');
    await vinylVariant.getByLabel(/Numbered/).check();
    await vinylVariant.getByLabel('Colourway').fill('clear red');
    await vinylVariant.getByLabel('Weight grams').fill('180');
    await vinylVariant.getByLabel('Pressing').fill('1');
    await vinylVariant.getByRole('button', { name: 'Add variant' }).click();
    await page
      .getByRole('table', { name: 'Variants of Afterhours LP' })
      .getByText('300, numbered', { exact: true })
      .waitFor();

    for (const [alt, colour] of [
      ['Sleeve, front', { r: 200, g: 30, b: 30 }],
      ['Clear red disc on the platter', { r: 230, g: 60, b: 60 }],
    ] as const) {
      await page.getByLabel('Image file').setInputFiles({
        name: 'lp.png',
        mimeType: 'image/png',
        buffer: await png(colour),
      });
      await page.getByLabel('Alt text', { exact: true }).fill(alt);
      await page.getByRole('button', { name: 'Upload image' }).click();
      await page.getByRole('img', { name: alt }).waitFor();
    }
    // Reorder with the keyboard: focus "move down" on the first image and press Enter.
    await page.getByRole('button', { name: 'Move image 1 (Sleeve, front) down' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Image moved to position 2 of 2.').waitFor();
    const order = await stack.db.query<{ alt: string }>(
      `SELECT i.alt FROM item_images i JOIN items it ON it.id = i.item_id
        WHERE it.title = 'Afterhours LP' ORDER BY i.position`,
    );
    expect(order.rows.map((r) => r.alt)).toEqual([
      'Clear red disc on the platter',
      'Sleeve, front',
    ]);
    await capture(page, 'console-item-vinyl');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );

    await page.getByRole('link', { name: '← Items' }).click();
    await page
      .getByRole('cell', { name: /Clear red, 180 g: €32.50, 300 of 300 unallocated, numbered/ })
      .waitFor();
    await capture(page, 'console-items');

    // A drop of both (scheduled through the API: the scheduling pages have their own journey),
    // and its public page shows the images with their alt text.
    const variants = (
      await stack.db.query<{ id: string; sku: string }>(
        `SELECT v.id, v.sku FROM variants v WHERE v.sku IN ($1, $2)`,
        [`HOOD-${tag}-M`, `LP-${tag}-RED`],
      )
    ).rows;
    expect(variants).toHaveLength(2);
    const drop = await createDrop(stack.api, owner, collective, {
      name: 'Winter capsule',
      slug: `winter-${tag}`,
      releaseMode: 'first_come',
      startsAt: inSeconds(3600),
      holdSeconds: 600,
      perCustomerLimit: 1,
      lines: variants.map((v) => ({ variantId: v.id, quantity: 5 })),
    });
    await scheduleDrop(stack.api, owner, collective, drop.id);
    const fan = await (await stack.newContext('mobile')).newPage();
    await fan.goto(`/drop/${drop.id}`);
    await fan.getByRole('heading', { name: 'Winter capsule' }).waitFor();
    await fan.getByRole('img', { name: 'The hoodie, folded, front print' }).first().waitFor();
    await fan.getByRole('img', { name: 'Clear red disc on the platter' }).first().waitFor();
    await capture(fan, 'console-images-on-drop-page');

    // Deleting what a drop uses is refused, with the API's reason in the dialog.
    await page.getByRole('link', { name: 'Night Shift hoodie' }).click();
    await page.getByRole('button', { name: 'Delete item Night Shift hoodie' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Night Shift hoodie?' });
    await dialog.getByRole('button', { name: 'Delete item' }).click();
    await dialog.getByText('It is in 1 drop (ITEM_IN_DROP)', { exact: false }).waitFor();
    await capture(page, 'console-item-in-drop');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Staff see the team but not its owner-only controls; the owner reads the audit log.
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Team' })
      .click();
    await page.getByRole('cell', { name: /Sky \(you\)/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Send invite' }).count()).toBe(0);
    await capture(page, 'console-team-staff');

    await ownerPage.getByRole('link', { name: 'Audit log' }).click();
    await ownerPage.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await ownerPage.getByRole('cell', { name: 'collective.invite.accept', exact: true }).waitFor();
    await ownerPage.getByRole('cell', { name: 'collective.invite.create', exact: true }).waitFor();
    await capture(ownerPage, 'console-team-audit');
  }, 300_000);
});
