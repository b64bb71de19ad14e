// Physical goods from the fan's side, in a real browser: the drop page says what shipping costs
// to the fan's country (and plainly where it does not ship) before they hold; the hold page
// says it again; the (stand-in) Stripe page takes an address only in an allowed country and the
// shipping the fan chooses; the order shows address, shipping and total; the collective ships
// it (API) and the fan follows the mailed link to the order page with the tracking link.
import './support/browser-env';
import request from 'supertest';
import { shipDropWith } from '../support/shipping';
import { eventually } from '../support/test-app';
import { capture, useBrowserStack } from './support/browser-stack';
import { scheduleVinylAndGarmentDrop, signUpInBrowser } from './support/storefront-fixtures';

/** How a British-English browser writes euros: €85.00. */
const eur = (minor: number) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(minor / 100);

const TRACKING = {
  carrier: 'CTT',
  trackingNumber: 'RR123456789PT',
  trackingUrl: 'https://track.example.com/RR123456789PT',
};

describe('a fan sees shipping before holding, pays with an address, and follows the parcel', () => {
  const stack = useBrowserStack();

  it('from the price to their country to the tracking link', async () => {
    const shipsFrom = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const drop = await scheduleVinylAndGarmentDrop(stack, {
      startsInSeconds: 10,
      lpExpectedShipDate: shipsFrom,
    });
    // Europe (DE, FR, PT): Standard 5.00 + 1.00 a unit, free from 100.00; Express 15.00. US: 20.00.
    await shipDropWith(stack.api, drop.owner, drop.collective, drop.id);

    // A browser in British English: the page guesses the United Kingdom, where this drop does not ship.
    const context = await stack.newContext('desktop', { locale: 'en-GB' });
    const page = await context.newPage();
    const email = await signUpInBrowser(page, 'Ines');
    await page.goto(`/drop/${drop.id}`);
    await page.getByRole('heading', { name: drop.name, level: 1 }).waitFor();
    const shipTo = page.getByRole('combobox', { name: 'Ship to' });
    expect(await shipTo.inputValue()).toBe('GB');
    await page.getByText('This drop does not ship to United Kingdom').waitFor();
    await page
      .getByText('It ships to France, Germany, Portugal and United States only', { exact: false })
      .waitFor();
    // The pre-release pressing says when it ships.
    const shipsFromText = `Pre-release: ships from ${new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    }).format(new Date(`${shipsFrom}T00:00:00Z`))}`;
    expect(await page.getByText(shipsFromText).count()).toBe(2); // both LP pressings
    await capture(page, 'drop-does-not-ship');

    // The fan chooses Portugal: the prices for one unit of the first line (the black LP, 28.00).
    await shipTo.selectOption('PT');
    await page.getByText('Shipping to Portugal (Europe), for one unit:').waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: `Standard: ${eur(600)}` })
      .waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: `Express: ${eur(1500)}` })
      .waitFor();
    // Remembered in this browser.
    await page.reload();
    await page.getByText('Shipping to Portugal (Europe), for one unit:').waitFor();
    expect(await page.getByRole('combobox', { name: 'Ship to' }).inputValue()).toBe('PT');

    // The drop opens; the hoodie, two of them: 170.00 of goods ship free by Standard.
    await page
      .getByRole('button', { name: /Hold it|Choose one above/ })
      .waitFor({ timeout: 40_000 });
    await page.getByRole('radio', { name: /Night Shift hoodie — Hoodie, washed black, M/ }).check();
    await page.getByLabel('How many').selectOption('2');
    await page.getByText('Shipping to Portugal (Europe), for 2 units:').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Standard: free' }).waitFor();
    await page.getByLabel('How many').selectOption('1');
    await page.getByText('Shipping to Portugal (Europe), for one unit:').waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: `Standard: ${eur(600)}` })
      .waitFor();
    await capture(page, 'drop-shipping-to-portugal');

    // The pre-release LP's hold says when it ships; the fan gives it back.
    await page.getByRole('radio', { name: /Afterhours LP — Black, 180 g/ }).check();
    await page.getByRole('button', { name: 'Hold it' }).click();
    await page.getByRole('heading', { name: 'Your hold' }).waitFor();
    await page.getByText(shipsFromText).waitFor();
    await page.getByRole('button', { name: 'Give the units back' }).click();
    await page.getByText('You gave the units back').waitFor();

    // The hoodie: held, shipping priced on the hold page too.
    await page.goto(`/drop/${drop.id}`);
    await page.getByRole('radio', { name: /Night Shift hoodie — Hoodie, washed black, M/ }).check();
    await page.getByRole('button', { name: 'Hold it' }).click();
    await page.getByRole('heading', { name: 'Your hold' }).waitFor();
    await page.getByText('Shipping to Portugal (Europe), for one unit:').waitFor();
    await page
      .getByRole('listitem')
      .filter({ hasText: `Express: ${eur(1500)}` })
      .waitFor();
    await capture(page, 'hold-shipping');
    await page.getByRole('button', { name: 'Pay now' }).click();

    // Stripe's hosted page (the stand-in): only the drop's countries can be chosen.
    await page.getByRole('heading', { name: /Pay/ }).waitFor();
    expect(new URL(page.url()).port).toBe(process.env.STRIPE_API_PORT);
    const country = page.getByRole('combobox', { name: 'Country' });
    const offered = await Promise.all(
      (await country.locator('option').all()).map((option) => option.getAttribute('value')),
    );
    expect(offered).toEqual(['', 'FR', 'DE', 'PT', 'US']);
    await expect(country.selectOption('GB', { timeout: 1000 })).rejects.toThrow();
    await page.getByLabel('Full name').fill('Inês Duarte');
    await page.getByLabel('Address line 1').fill('Rua do Norte 12');
    await page.getByLabel('City').fill('Lisboa');
    await page.getByLabel('Postal code').fill('1200-284');
    await country.selectOption('PT');
    await page.getByRole('radio', { name: /^Express \(Europe\)/ }).check();
    await page.getByText(`Express (Europe): ${eur(1500)} · total ${eur(10_000)}`).waitFor();
    await capture(page, 'stripe-checkout-shipping');
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.getByText('Paid: it is yours').waitFor({ timeout: 30_000 });

    // The account lists it, not shipped yet, with its total; its page shows the rest.
    await page.getByRole('link', { name: 'All your orders' }).click();
    await page.getByRole('heading', { name: 'My orders' }).waitFor();
    await page.getByText('Not shipped yet').waitFor();
    await page.getByText(`Total ${eur(10_000)}`).waitFor();
    await capture(page, 'account-orders-shipping');
    await page
      .getByRole('heading', { name: /Night Shift hoodie — Hoodie, washed black, M/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: 'Delivery: Not shipped yet' }).waitFor();
    const orderId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const address = page.locator('address');
    expect((await address.innerText()).split('\n').filter(Boolean)).toEqual([
      'Inês Duarte',
      'Rua do Norte 12',
      '1200-284 Lisboa',
      'Portugal',
    ]);
    const amounts = page.getByRole('region', { name: 'What you paid' });
    expect(await amounts.locator('dt, dd').allInnerTexts()).toEqual([
      `Goods (1 × ${eur(8500)})`,
      eur(8500),
      'Shipping (Express)',
      eur(1500),
      'Total',
      eur(10_000),
    ]);
    await capture(page, 'order-not-shipped');

    const { rows } = await stack.db.query(
      `SELECT status, shipping_country, shipping_zone_name, shipping_rate_name, amount_minor,
              shipping_minor, tax_minor, total_minor, shipping_address->>'name' AS name,
              fulfilment_status
         FROM orders WHERE id = $1`,
      [orderId],
    );
    expect(rows).toEqual([
      {
        status: 'paid',
        shipping_country: 'PT',
        shipping_zone_name: 'Europe',
        shipping_rate_name: 'Express',
        amount_minor: 8500,
        shipping_minor: 1500,
        tax_minor: 0,
        total_minor: 10_000,
        name: 'Inês Duarte',
        fulfilment_status: 'unfulfilled',
      },
    ]);

    // The collective ships it (through the API, as its console does); the fan is mailed once.
    await request(stack.api.getHttpServer())
      .post(`/collectives/${drop.collective}/orders/${orderId}/fulfilment`)
      .set('authorization', drop.owner.bearer)
      .send({ status: 'shipped', ...TRACKING })
      .expect(200);
    const mail = await eventually(() =>
      Promise.resolve(stack.mail.to(email).find((m) => m.subject.startsWith('Shipped'))),
    );
    expect(mail.text).toContain(`Track it: ${TRACKING.trackingUrl}`);
    const link = `${stack.baseUrl}/account/orders/${orderId}`;
    expect(mail.text).toContain(link);

    // The mailed link leads to the order page, now with the carrier and the tracking link.
    await page.goto(link);
    await page.getByRole('heading', { name: 'Delivery: Shipped' }).waitFor();
    const track = page.getByRole('link', { name: /Track your parcel/ });
    expect(await track.getAttribute('href')).toBe(TRACKING.trackingUrl);
    await page.getByText(TRACKING.trackingNumber).waitFor();
    await page.getByText(TRACKING.carrier, { exact: true }).waitFor();
    await capture(page, 'order-shipped');

    const shipped = await stack.db.query(
      `SELECT o.fulfilment_status, o.carrier, o.tracking_number, o.tracking_url,
              (SELECT count(*)::int FROM notifications n
                WHERE n.template = 'order-shipped' AND n.payload->>'orderId' = o.id::text) AS mails
         FROM orders o WHERE o.id = $1`,
      [orderId],
    );
    expect(shipped.rows).toEqual([
      {
        fulfilment_status: 'shipped',
        carrier: TRACKING.carrier,
        tracking_number: TRACKING.trackingNumber,
        tracking_url: TRACKING.trackingUrl,
        mails: 1,
      },
    ]);
    expect(stack.mail.to(email).filter((m) => m.subject.startsWith('Shipped'))).toHaveLength(1);
  }, 300_000);
});
