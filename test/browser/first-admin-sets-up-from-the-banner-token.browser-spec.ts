// A fresh install in a real browser: no admin exists, the API issues the one-time setup link
// (as `npm run start:api` logs it at boot; `npm start` prints the same kind of link in its
// banner), the person opens it, creates the first admin and lands signed in on the monitor.
// The link is then spent: opening it again says the platform is already set up.
import './support/browser-env';
import { FirstAdminSetupService } from '@limited-run/identity';
import { capture, useBrowserStack } from './support/browser-stack';

describe('the first admin sets up the platform from the one-time link', () => {
  const stack = useBrowserStack();

  it('opens /setup?token=…, creates the admin, lands signed in on the monitor; the link is spent', async () => {
    const link = String(await stack.api.get(FirstAdminSetupService).announceAtBoot());
    expect(link.startsWith(`${stack.baseUrl}/setup?token=`)).toBe(true);

    const context = await stack.newContext('desktop');
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Create the first admin' }).waitFor();
    await capture(page, 'setup-first-admin');

    // A too-short password is refused by the API's rules, field by field; nothing is spent.
    await page.getByLabel('Name').fill('Ada Admin');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByText('password must be 10 to 128 characters long').waitFor();
    await capture(page, 'setup-first-admin-refused');
    expect((await stack.db.query(`SELECT 1 FROM users WHERE role = 'admin'`)).rowCount).toBe(0);

    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByRole('heading', { name: 'Live inventory' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/monitor');
    await page.getByRole('navigation', { name: 'Monitor' }).waitFor();
    await capture(page, 'setup-first-admin-signed-in');
    const admins = await stack.db.query<{ email: string; display_name: string }>(
      `SELECT email, display_name FROM users WHERE role = 'admin'`,
    );
    expect(admins.rows).toEqual([{ email: 'ada@example.com', display_name: 'Ada Admin' }]);

    // The same link again, in another browser: refused, with the way forward.
    const other = await (await stack.newContext('mobile')).newPage();
    await other.goto(link);
    await other.getByLabel('Name').fill('Mallory');
    await other.getByLabel('Email').fill('mallory@example.com');
    await other.getByLabel('Password').fill('correct horse battery staple');
    await other.getByRole('button', { name: 'Create admin and sign in' }).click();
    await other.getByText('This platform is already set up').waitFor();
    await other.getByRole('link', { name: 'Sign in' }).first().waitFor();
    await capture(other, 'setup-already-done');
    expect((await stack.db.query(`SELECT 1 FROM users WHERE role = 'admin'`)).rowCount).toBe(1);
    // Four pages captured and axe-checked at two sizes on a shared machine.
  }, 300_000);

  it('a link without its token says so instead of showing the form', async () => {
    const page = await (await stack.newContext('desktop')).newPage();
    await page.goto('/setup');
    await page.getByText('This setup link is not valid').waitFor();
    expect(await page.getByRole('button', { name: 'Create admin and sign in' }).count()).toBe(0);
    await capture(page, 'setup-link-invalid');
  });
});
