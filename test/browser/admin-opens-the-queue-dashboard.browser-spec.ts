// The queue dashboard from the admin monitor: the navigation's "Queue dashboard" link gets a
// ticket cookie for the admin and opens Bull Board (served by the API under /admin/queues),
// which lists every queue of the platform, its scripts allowed by its CSP; a fan's browser
// gets no dashboard at that address.
import './support/browser-env';
import { createAccount } from '../support/accounts';
import {
  capture,
  screenshot,
  seriousAxeViolations,
  useBrowserStack,
} from './support/browser-stack';
import { signIn, signInAsAdmin } from './support/admin-fixtures';

const EVERY_QUEUE = ['anomalies', 'drops', 'holds', 'notifications', 'payments', 'waitlist'];

describe('admin opens the queue dashboard', () => {
  const stack = useBrowserStack();

  it('the monitor link opens Bull Board listing every queue', async () => {
    const context = await stack.newContext('desktop');
    const page = await context.newPage();
    const blockedScripts: string[] = [];
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && /Content Security Policy/.test(text)) {
        if (/script-src/.test(text)) blockedScripts.push(text);
      }
    });
    await signInAsAdmin(stack, page, '/monitor');
    const nav = page.getByRole('navigation', { name: 'Monitor' });
    const link = nav.getByRole('link', { name: 'Queue dashboard' });
    await link.waitFor();
    await capture(page, 'monitor-queue-dashboard-link');

    await link.click();
    await page.waitForURL(/\/admin\/queues\/?$/);
    for (const name of EVERY_QUEUE) {
      await page
        .getByRole('link', { name: new RegExp(`^${name}$`, 'i') })
        .first()
        .waitFor();
    }
    expect(blockedScripts).toEqual([]);
    const cookies = await context.cookies(`${stack.baseUrl}/admin/queues`);
    expect(cookies.find((c) => c.name === 'lr_queue_dashboard')).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/admin/queues',
    });
    // The monitor's own pages never receive the ticket.
    expect((await context.cookies(`${stack.baseUrl}/monitor`)).map((c) => c.name)).not.toContain(
      'lr_queue_dashboard',
    );
    await screenshot(page, 'queue-dashboard');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'queue-dashboard');
    // Bull Board's own markup is not ours to fix: its axe findings are written down, not asserted.
    console.info(
      `Bull Board axe (serious, critical): ${JSON.stringify(await seriousAxeViolations(page))}`,
    );
  });

  it("a fan's browser gets a refusal at /admin/queues, not the dashboard", async () => {
    const fan = await createAccount(stack.api, stack.db);
    const context = await stack.newContext('mobile');
    const page = await context.newPage();
    await signIn(page, fan, '/monitor');
    await page.getByText('Admins only').waitFor();
    const response = await page.goto('/admin/queues');
    expect(response?.status()).toBe(401);
    expect(await response?.json()).toEqual({
      error: { code: 'TICKET_REQUIRED', message: expect.any(String) },
    });
  });
});
