// Issue 18's collective side in a real browser: a staff member creates a shipping profile (the
// API's refusal of a country in two zones shown on the form), makes a drop ship with it (the
// editor warned that without one fans give no address), fans buy through the API and the
// Stripe stand-in with addresses, the staff member selects every unfulfilled order and ships
// them in one action with tracking — refused as a whole while a pre-release order is among
// them, the refusal explained and the order left out — then downloads the packing list as PDF
// and CSV; a pre-release order is packed alone and its shipping refused with its date; the
// owner (on a phone) records a returned parcel with a refund; an unused profile is deleted and
// the used one's deletion refused naming the drop. Effects are checked on the page, in the
// database and in the mail catcher; every page is captured at 1280×900 and 390×844 and
// axe-checked.
import './support/browser-env';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DropClock } from '@limited-run/drops';
import type { Page } from 'playwright-core';
import request from 'supertest';

import { createAccount, type TestAccount } from '../support/accounts';
import { addMember, createCollective } from '../support/collectives';
import { createDrop, createItem, inSeconds, record, scheduleDrop } from '../support/drops';
import { holdAndCheckout, orderReaches } from '../support/payments';
import { addressIn } from '../support/shipping';
import { eventually } from '../support/test-app';
import { ARTIFACTS_DIR, capture, useBrowserStack } from './support/browser-stack';

const PRE_RELEASE_DATE = '2099-06-01';

async function signIn(page: Page, account: TestAccount): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Console' }).waitFor();
}

describe('a collective ships a drop from the console', () => {
  const stack = useBrowserStack();

  it('profile → drop ships with it → fans buy → many shipped with tracking → packing files → return with refund', async () => {
    const tag = randomUUID().slice(0, 8);
    const admin = await createAccount(stack.api, stack.db, { role: 'admin' });
    const owner = await createAccount(stack.api, stack.db, { displayName: 'Noor' });
    const staff = await createAccount(stack.api, stack.db, { displayName: 'Lee' });
    const collective = (
      await createCollective(stack.api, admin, owner, `night-shift-${tag}`, 'Night Shift')
    ).slug;
    await addMember(stack.api, owner, collective, staff, 'staff');
    const lp = await createItem(stack.api, owner, collective, record(tag));
    const testPressing = await createItem(stack.api, owner, collective, {
      kind: 'vinyl',
      title: 'Test pressing',
      expectedShipDate: PRE_RELEASE_DATE,
      attributes: { format: 'LP', rpm: 33 },
      variants: [
        {
          sku: `${tag}-TP`,
          label: 'White label',
          attributes: { colourway: 'white', weightGrams: 180, pressing: 1 },
          priceMinor: 4000,
          currency: 'EUR',
          editionSize: 20,
          numbered: true,
        },
      ],
    });
    const blackLp = lp.variants[0].id;
    const dropName = `Afterhours release night ${tag}`;
    const draft = await createDrop(stack.api, owner, collective, {
      name: dropName,
      slug: `afterhours-${tag}`,
      startsAt: inSeconds(600),
      perCustomerLimit: 2,
      lines: [
        { variantId: blackLp, quantity: 10 },
        { variantId: testPressing.variants[0].id, quantity: 5 },
      ],
    });
    const dropId = draft.id;
    await scheduleDrop(stack.api, owner, collective, dropId);

    // ── The staff member: no profile yet; a new one, first refused, then created. ──
    const page = await (await stack.newContext('desktop')).newPage();
    await signIn(page, staff);
    await page.goto(`/console/collectives/${collective}/shipping`);
    await page.getByText('No shipping profile yet').waitFor();
    await capture(page, 'console-shipping-empty');
    await page.getByRole('link', { name: 'New profile' }).click();
    const form = page.getByRole('form', { name: 'New shipping profile' });
    await form.getByLabel('Profile name').fill('Records from Lisbon');
    await form.getByLabel('Currency').fill('EUR');
    const zone1 = form.getByRole('group', { name: 'Zone 1', exact: true });
    await zone1.getByLabel('Zone name').fill('Europe');
    await zone1.getByLabel('Countries').fill('DE, FR, PT');
    const standard = form.getByRole('group', { name: 'Zone 1, rate 1' });
    await standard.getByLabel('Rate name').fill('Standard');
    await standard.getByLabel('Per order (EUR)').fill('5.00');
    await standard.getByLabel('Per unit (EUR)').fill('1.00');
    await standard.getByLabel('Free from (EUR)').fill('100.00');
    await form.getByRole('button', { name: 'Add a rate to zone 1' }).click();
    const express = form.getByRole('group', { name: 'Zone 1, rate 2' });
    await express.getByLabel('Rate name').fill('Express');
    await express.getByLabel('Per order (EUR)').fill('15.00');
    await form.getByRole('button', { name: 'Add a zone' }).click();
    const zone2 = form.getByRole('group', { name: 'Zone 2', exact: true });
    await zone2.getByLabel('Zone name').fill('United States');
    // Portugal twice: the API refuses, and the form says where.
    await zone2.getByLabel('Countries').fill('US, PT');
    const international = form.getByRole('group', { name: 'Zone 2, rate 1' });
    await international.getByLabel('Rate name').fill('International');
    await international.getByLabel('Per order (EUR)').fill('20.00');
    await page.getByText('3 of 5 rates').waitFor();
    await form.getByRole('button', { name: 'Create profile' }).click();
    await form
      .getByText(
        'Zone 2, countries: PT is already in the zone "Europe": a country belongs to one zone',
      )
      .waitFor();
    expect((await stack.db.query(`SELECT 1 FROM shipping_profiles`)).rowCount).toBe(0);
    await capture(page, 'console-shipping-profile-refused');
    await zone2.getByLabel('Countries').fill('US');
    await form.getByRole('button', { name: 'Create profile' }).click();
    const card = page.getByRole('article', { name: 'Records from Lisbon' });
    await card.getByText('Standard: €5.00 per order + €1.00 per unit, free from €100.00').waitFor();
    await card.getByText('International: €20.00 per order').waitFor();
    await card.getByText('United States (US)').waitFor();
    await capture(page, 'console-shipping-profiles');
    const { rows: profiles } = await stack.db.query<{
      id: string;
      currency: string;
      zones: unknown;
    }>(`SELECT id, currency, zones FROM shipping_profiles`);
    expect(profiles).toHaveLength(1);
    expect(profiles[0].currency).toBe('EUR');
    expect(profiles[0].zones).toEqual([
      {
        name: 'Europe',
        countries: ['DE', 'FR', 'PT'],
        rates: [
          { name: 'Standard', flatMinor: 500, perUnitMinor: 100, freeAboveMinor: 10_000 },
          { name: 'Express', flatMinor: 1500, perUnitMinor: 0, freeAboveMinor: null },
        ],
      },
      {
        name: 'United States',
        countries: ['US'],
        rates: [{ name: 'International', flatMinor: 2000, perUnitMinor: 0, freeAboveMinor: null }],
      },
    ]);
    const profileId = profiles[0].id;

    // ── The drop: warned without a profile, then shipping with it. ──
    await page.goto(`/console/collectives/${collective}/drops/${dropId}`);
    await page.getByText('This drop has no shipping profile').waitFor();
    await page.getByText('Fans will not be asked for an address').waitFor();
    await capture(page, 'console-drop-without-shipping');
    await page.getByLabel('Shipping profile', { exact: true }).selectOption(profileId);
    await page.getByRole('button', { name: 'Ship with this profile' }).click();
    await page.getByText('The drop now ships with Records from Lisbon.').waitFor();
    await page
      .getByRole('paragraph')
      .filter({ hasText: /Ships with\s*Records from Lisbon\s*to 4 countries/ })
      .waitFor();
    const shipsTo = page.getByRole('list', { name: 'Where this drop ships to' });
    await shipsTo.getByText('Germany (DE), France (FR), Portugal (PT)').waitFor();
    expect(await page.getByText('This drop has no shipping profile').count()).toBe(0);
    await capture(page, 'console-drop-shipping');
    const { rows: link } = await stack.db.query(
      `SELECT profile_id FROM drop_shipping_profiles WHERE drop_id = $1`,
      [dropId],
    );
    expect(link).toEqual([{ profile_id: profileId }]);

    // ── The drop opens; seven fans pay with addresses, one of them for the test pressing. ──
    await stack.db.query(`UPDATE drops SET starts_at = now() WHERE id = $1`, [dropId]);
    await eventually(async () => {
      await stack.api.get(DropClock).open(dropId);
      const { rows } = await stack.db.query(`SELECT state FROM drops WHERE id = $1`, [dropId]);
      return rows[0]?.state === 'live' ? true : undefined;
    });
    const countries = ['PT', 'DE', 'FR', 'US', 'PT', 'DE'];
    const fans: Array<{ account: TestAccount; orderId: string; country: string }> = [];
    for (const [i, country] of countries.entries()) {
      const account = await createAccount(stack.api, stack.db, {
        displayName: `Fan ${i + 1}`,
        email: `fan-${i + 1}-${tag}@example.com`,
      });
      const order = await holdAndCheckout(stack.api, account, dropId, blackLp, 1);
      stack.stripe.pay(order.sessionId, addressIn(country, country === 'US' ? 2 : 0));
      fans.push({ account, orderId: order.orderId, country });
    }
    const early = await createAccount(stack.api, stack.db, { displayName: 'Early bird' });
    const earlyOrder = await holdAndCheckout(
      stack.api,
      early,
      dropId,
      testPressing.variants[0].id,
      1,
    );
    stack.stripe.pay(earlyOrder.sessionId, addressIn('FR'));
    for (const fan of fans) await orderReaches(stack.db, fan.orderId, 'paid', 30_000);
    await orderReaches(stack.db, earlyOrder.orderId, 'paid', 30_000);

    // ── Fulfilment: all seven selected and shipped at once: refused for the pre-release one. ──
    await page.getByRole('link', { name: 'Fulfilment of this drop' }).click();
    await page.getByText('7 unfulfilled orders').waitFor();
    await capture(page, 'console-fulfilment');
    const actions = page.getByRole('form', { name: 'Move the selected orders' });
    await actions.getByLabel('Move to').selectOption('shipped');
    await actions.getByRole('checkbox', { name: 'Select all 7 orders on this page' }).check();
    await actions.getByText('7 selected').waitFor();
    await actions.getByLabel('Carrier').fill('CTT');
    await actions.getByLabel('Tracking link').fill('https://track.example.com/{number}');
    const trackingOf = (orderId: string) => `RR${orderId.slice(0, 8).toUpperCase()}PT`;
    for (const { orderId } of [...fans, earlyOrder]) {
      await page
        .getByLabel(`Tracking number for order ${orderId.slice(0, 8)}`)
        .fill(trackingOf(orderId));
    }
    // The page already warns before it is sent.
    await actions.getByText('1 order cannot ship yet').waitFor();
    await actions.getByRole('button', { name: 'Mark 7 orders shipped' }).click();
    const refusal = actions.getByRole('alert').filter({ hasText: 'Nothing moved' });
    await refusal
      .getByText('Nothing moved: 1 order cannot ship before their expected ship date')
      .waitFor();
    await refusal
      .getByText(
        `Order ${earlyOrder.orderId.slice(0, 8)} (Early bird): pre-release, cannot ship before ${PRE_RELEASE_DATE}`,
      )
      .waitFor();
    await capture(page, 'console-fulfilment-not-yet-shippable');
    const shippedCount = async () =>
      (
        await stack.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM orders WHERE drop_id = $1 AND fulfilment_status = 'shipped'`,
          [dropId],
        )
      ).rows[0].n;
    expect(await shippedCount()).toBe(0);

    await refusal.getByRole('button', { name: 'Leave this order out' }).click();
    await actions.getByText('6 selected').waitFor();
    await actions.getByRole('button', { name: 'Mark 6 orders shipped' }).click();
    await actions
      .getByText('6 of 6 orders marked shipped. Their fans are mailed the tracking link.')
      .waitFor();
    await page.getByText('1 unfulfilled order', { exact: true }).waitFor();
    await capture(page, 'console-fulfilment-shipped');
    const { rows: shipped } = await stack.db.query<{
      id: string;
      carrier: string;
      tracking_number: string;
      tracking_url: string;
    }>(
      `SELECT id, carrier, tracking_number, tracking_url FROM orders
        WHERE drop_id = $1 AND fulfilment_status = 'shipped' ORDER BY id`,
      [dropId],
    );
    expect(shipped).toEqual(
      fans
        .map((fan) => ({
          id: fan.orderId,
          carrier: 'CTT',
          tracking_number: trackingOf(fan.orderId),
          tracking_url: `https://track.example.com/${trackingOf(fan.orderId)}`,
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    );
    // Each fan is mailed once, with their own tracking link.
    await eventually(
      () =>
        Promise.resolve(
          fans.every((fan) =>
            stack.mail.to(fan.account.email).some((m) => m.subject.startsWith('Shipped')),
          )
            ? true
            : undefined,
        ),
      30_000,
    );
    for (const fan of fans) {
      const mails = stack.mail.to(fan.account.email).filter((m) => m.subject.startsWith('Shipped'));
      expect(mails).toHaveLength(1);
      expect(mails[0].text).toContain(`https://track.example.com/${trackingOf(fan.orderId)}`);
    }
    expect(stack.mail.to(early.email).some((m) => m.subject.startsWith('Shipped'))).toBe(false);

    await page.getByLabel('Fulfilment state').selectOption('shipped');
    await page.getByText('6 shipped orders').waitFor();
    await page.getByText(`Shipped: CTT ${trackingOf(fans[0].orderId)}`).waitFor();

    // ── Packing files, downloaded through the page: a real PDF and the CSV. ──
    await page.getByLabel('Parcels').selectOption('all');
    const downloads = join(ARTIFACTS_DIR, 'downloads');
    mkdirSync(downloads, { recursive: true });
    const pdfDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download Packing list (PDF)' }).click();
    const pdf = await pdfDownload;
    expect(pdf.suggestedFilename()).toBe(`packing-list-${dropId}.pdf`);
    const pdfPath = join(downloads, 'console-packing-list.pdf');
    await pdf.saveAs(pdfPath);
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
    const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
    expect(pdfText).toContain('7 parcels');
    expect(pdfText).toContain('Fan in US, 12 Rua do Norte, 1200-284 Lisboa, US');
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download Packing list (CSV)' }).click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toBe(`packing-list-${dropId}.csv`);
    const csvPath = join(downloads, 'console-packing-list.csv');
    await csv.saveAs(csvPath);
    const csvLines = readFileSync(csvPath, 'utf8').trim().split(/\r\n/);
    expect(csvLines).toHaveLength(1 + 7);
    for (const fan of fans) expect(csvLines.some((l) => l.includes(fan.orderId))).toBe(true);
    const labels = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download Address labels (PDF)' }).click();
    expect((await labels).suggestedFilename()).toBe(`labels-${dropId}.pdf`);

    // ── One shipped order as staff: address, rate, amounts, tracking; no return for staff. ──
    const pt = fans[0];
    await page.goto(`/console/collectives/${collective}/orders/${pt.orderId}`);
    const address = page.getByRole('group', { name: 'Shipping address' });
    await address.getByText('Fan in PT').waitFor();
    await address.getByText('Portugal (PT)').waitFor();
    await page.getByText('Standard (Europe)').waitFor();
    // One LP of 28.00: 5.00 + 1.00 shipping, no tax.
    await page.getByRole('definition').filter({ hasText: '€6.00' }).waitFor();
    await page.getByRole('definition').filter({ hasText: '€34.00' }).waitFor();
    const trackingLink = page.getByRole('link', { name: trackingOf(pt.orderId) });
    expect(await trackingLink.getAttribute('href')).toBe(
      `https://track.example.com/${trackingOf(pt.orderId)}`,
    );
    await page
      .getByText("Only the collective's owners record returns and refund orders.")
      .waitFor();
    expect(await page.getByRole('button', { name: /Record the return/ }).count()).toBe(0);
    await capture(page, 'console-order-shipped-staff');

    // ── The pre-release order alone: packed, then its shipping refused with its date. ──
    await page.goto(`/console/collectives/${collective}/orders/${earlyOrder.orderId}`);
    await page.getByText(`${PRE_RELEASE_DATE} (pre-release: it cannot ship before then)`).waitFor();
    await page.getByRole('button', { name: 'Mark packed' }).click();
    await page
      .getByRole('definition')
      .filter({ hasText: /^Packed$/ })
      .waitFor();
    const ship = page.getByRole('form', { name: 'Ship this order' });
    await ship.getByLabel('Tracking number').fill('RREARLYPT');
    await ship.getByRole('button', { name: 'Mark shipped' }).click();
    await page.getByText('Not shipped: this order is pre-release').waitFor();
    await page.getByText(`Its item cannot ship before ${PRE_RELEASE_DATE}`).waitFor();
    await capture(page, 'console-order-pre-release');
    const { rows: earlyRow } = await stack.db.query(
      `SELECT fulfilment_status FROM orders WHERE id = $1`,
      [earlyOrder.orderId],
    );
    expect(earlyRow).toEqual([{ fulfilment_status: 'packed' }]);

    // ── The owner, on a phone: the parcel came back; refunded, the unit back in the edition. ──
    const ownerPage = await (await stack.newContext('mobile')).newPage();
    await signIn(ownerPage, owner);
    await ownerPage.goto(`/console/collectives/${collective}/orders/${pt.orderId}`);
    const returns = ownerPage.getByRole('region', { name: 'Return', exact: true });
    await returns.getByRole('checkbox', { name: 'Refund €34.00 to Fan 1' }).waitFor();
    await returns.getByRole('checkbox', { name: 'Return the units to the edition' }).waitFor();
    await returns.getByRole('button', { name: 'Record the return…' }).click();
    await returns
      .getByText(/and refund €34\.00 to Fan 1, returning the units to the edition\?/)
      .waitFor();
    await capture(ownerPage, 'console-order-return-confirm');
    await returns.getByRole('button', { name: 'Confirm the return' }).click();
    await ownerPage.getByText('The parcel came back and the order was refunded.').waitFor({
      timeout: 30_000,
    });
    await capture(ownerPage, 'console-order-returned');
    const { rows: returned } = await stack.db.query(
      `SELECT status, fulfilment_status FROM orders WHERE id = $1`,
      [pt.orderId],
    );
    expect(returned).toEqual([{ status: 'refunded', fulfilment_status: 'returned' }]);
    const { rows: line } = await stack.db.query<{ sold: number }>(
      `SELECT sold FROM drop_lines WHERE drop_id = $1 AND variant_id = $2`,
      [dropId, blackLp],
    );
    expect(line[0].sold).toBe(5);
    const { rows: audit } = await stack.db.query(
      `SELECT action FROM audit_events WHERE target_id = $1 AND action IN ('order.return', 'order.refund')
        ORDER BY action`,
      [pt.orderId],
    );
    expect(audit.map((a) => a.action)).toContain('order.return');
    await eventually(
      () =>
        Promise.resolve(
          stack.mail.to(pt.account.email).some((m) => m.subject.startsWith('Refund'))
            ? true
            : undefined,
        ),
      30_000,
    );

    // ── Profiles: an unused one deleted; the drop's own refused, naming the drop. ──
    const unused = await request(stack.api.getHttpServer())
      .post(`/collectives/${collective}/shipping-profiles`)
      .set('authorization', owner.bearer)
      .send({
        name: 'Pop-up stall',
        currency: 'EUR',
        zones: [
          {
            name: 'Home',
            countries: ['PT'],
            rates: [{ name: 'Courier', flatMinor: 300, perUnitMinor: 0 }],
          },
        ],
      });
    expect(unused.status).toBe(201);
    await ownerPage.goto(`/console/collectives/${collective}/shipping`);
    await ownerPage.getByRole('button', { name: 'Delete Pop-up stall' }).click();
    await ownerPage
      .getByRole('dialog', { name: 'Delete Pop-up stall?' })
      .getByRole('button', { name: 'Delete profile' })
      .click();
    await ownerPage.getByRole('article', { name: 'Pop-up stall' }).waitFor({ state: 'detached' });
    expect(
      (await stack.db.query(`SELECT 1 FROM shipping_profiles WHERE id = $1`, [unused.body.id]))
        .rowCount,
    ).toBe(0);
    await ownerPage.getByRole('button', { name: 'Delete Records from Lisbon' }).click();
    const refuse = ownerPage.getByRole('dialog', { name: 'Delete Records from Lisbon?' });
    await refuse.getByRole('button', { name: 'Delete profile' }).click();
    await refuse
      .getByText(`Drops that are not closed or cancelled ship with it: ${dropName}.`)
      .waitFor();
    await capture(ownerPage, 'console-shipping-delete-refused');
    expect(
      (await stack.db.query(`SELECT 1 FROM shipping_profiles WHERE id = $1`, [profileId])).rowCount,
    ).toBe(1);
  }, 900_000);
});
