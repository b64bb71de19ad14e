import './support/browser-env';
import './support/short-access-tokens';
import type { Page, Response } from 'playwright-core';
import { eventually } from '../support/test-app';
import { capture, useBrowserStack } from './support/browser-stack';
import { signUpInBrowser } from './support/storefront-fixtures';

/**
 * A refresh token is good once, and presenting a spent one revokes its whole session family
 * (the API's reuse detection). Two tabs share one cookie: if both refresh at once with it, the
 * second is a reuse and the fan is signed out everywhere. The tabs must take turns.
 */
describe('two tabs of one browser refreshing together', () => {
  const stack = useBrowserStack();

  it('keep the fan signed in and the session family alive', async () => {
    const context = await stack.newContext('desktop');
    const first = await context.newPage();
    const email = await signUpInBrowser(first, 'Tabs');

    // Every refresh is held a moment in flight, so refreshes the tabs start together overlap
    // for certain: without turns, both would carry the same cookie.
    await context.route('**/auth/refresh', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    const refreshes: Array<{ page: string; status: number }> = [];
    const watch = (page: Page, name: string) =>
      page.on('response', (response: Response) => {
        if (new URL(response.url()).pathname === '/auth/refresh') {
          refreshes.push({ page: name, status: response.status() });
        }
      });
    watch(first, 'first');
    const second = await context.newPage();
    watch(second, 'second');

    // Both tabs restore the session from the cookie at the same moment...
    await Promise.all([first.reload(), second.goto('/account')]);
    for (const page of [first, second]) {
      await page.getByRole('link', { name: 'My account' }).waitFor();
    }
    // ...and their 30-second access tokens are then refreshed ahead of expiry, together again.
    const countOf = (name: string) => refreshes.filter((r) => r.page === name).length;
    await eventually(
      () => Promise.resolve(countOf('first') >= 3 && countOf('second') >= 3 ? true : undefined),
      60_000,
    );

    expect(refreshes.filter((r) => r.status !== 200 && r.status !== 201)).toEqual([]);
    const sessions = await stack.db.query<{ revoked_at: Date | null; revoked_reason: string }>(
      `select s.revoked_at, s.revoked_reason from auth_sessions s
         join users u on u.id = s.user_id where u.email = $1`,
      [email],
    );
    expect(sessions.rows).toEqual([{ revoked_at: null, revoked_reason: null }]);
    // Both tabs can still use the API.
    for (const page of [first, second]) {
      await page.goto('/account');
      await page.getByRole('heading', { name: /account/i, level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    }
    // The one storefront page no journey reaches: checkout left without an order to name.
    await second.goto('/checkout/cancelled');
    await second.getByRole('heading', { name: 'You left the payment page' }).waitFor();
    await capture(second, 'checkout-cancelled');
  });
});
