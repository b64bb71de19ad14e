// The admin pages over what the API already had: users (filter, suspend with a reason,
// reinstate, each behind a confirmation), collectives (list, create) and the audit log (filter,
// where the suspension shows up). And a fan who finds the monitor is told it is for admins only.
import './support/browser-env';
import { randomUUID } from 'node:crypto';
import { createAccount } from '../support/accounts';
import { createCollective } from '../support/collectives';
import { capture, useBrowserStack } from './support/browser-stack';
import { signIn, signInAsAdmin } from './support/admin-fixtures';

describe('admin pages: users, collectives, audit log', () => {
  const stack = useBrowserStack();

  it('a fan sees "Admins only" at /monitor, and no Monitor link', async () => {
    const fan = await createAccount(stack.api, stack.db);
    const context = await stack.newContext('mobile');
    const page = await context.newPage();
    await signIn(page, fan, '/monitor');
    await page.getByText('Admins only').waitFor();
    expect(await page.getByRole('link', { name: 'Monitor' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Monitor' }).count()).toBe(0);
    await capture(page, 'monitor-admins-only');
  });

  it('an admin finds a user, suspends them with a reason, reinstates them, and reads it in the audit log', async () => {
    const tag = randomUUID().slice(0, 8);
    const fan = await createAccount(stack.api, stack.db, {
      email: `sam-${tag}@example.com`,
      displayName: 'Sam',
    });
    const context = await stack.newContext('desktop');
    const page = await context.newPage();
    await signInAsAdmin(stack, page, '/monitor/users');

    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByLabel('Email contains').fill(`sam-${tag}`);
    const row = page.getByRole('row', { name: new RegExp(fan.email) });
    await page.getByText('1–1 of 1').waitFor();
    await row.waitFor();
    await capture(page, 'monitor-users');

    await page.getByRole('button', { name: `Suspend ${fan.email}` }).click();
    const dialog = page.getByRole('dialog', { name: `Suspend ${fan.email}?` });
    await dialog.waitFor();
    // The reason is required: confirming without one does nothing.
    await dialog.getByRole('button', { name: 'Suspend account' }).click();
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Reason (kept in the audit log)').fill('Chargebacks on three drops');
    await capture(page, 'monitor-users-suspend-dialog');
    await dialog.getByRole('button', { name: 'Suspend account' }).click();
    await row.getByText('suspended').waitFor();
    const { rows } = await stack.db.query<{ status: string }>(
      'SELECT status FROM users WHERE id = $1',
      [fan.id],
    );
    expect(rows[0].status).toBe('suspended');

    // Keyboard only: the reinstate button opens its dialog, Escape cancels, nothing changes.
    await page.getByRole('button', { name: `Reinstate ${fan.email}` }).focus();
    await page.keyboard.press('Enter');
    const reinstate = page.getByRole('dialog', { name: `Reinstate ${fan.email}?` });
    await reinstate.waitFor();
    await page.keyboard.press('Escape');
    await reinstate.waitFor({ state: 'hidden' });
    await row.getByText('suspended').waitFor();
    await page.getByRole('button', { name: `Reinstate ${fan.email}` }).click();
    await reinstate.getByRole('button', { name: 'Reinstate account' }).click();
    await row.getByText('active').waitFor();

    await page
      .getByRole('navigation', { name: 'Monitor' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Target id').fill(fan.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const audit = page.getByRole('table', { name: 'Audit events' });
    await audit.getByRole('row', { name: /user\.reinstate/ }).waitFor();
    await audit.getByRole('row', { name: /user\.suspend/ }).waitFor();
    expect(await audit.getByRole('row').count()).toBe(3);
    expect(page.url()).toContain(`targetId=${fan.id}`);
    await capture(page, 'monitor-audit');
  });

  it('an admin creates a collective and pages through the list', async () => {
    const tag = randomUUID().slice(0, 8);
    const owner = await createAccount(stack.api, stack.db);
    const context = await stack.newContext('mobile');
    const page = await context.newPage();
    await signInAsAdmin(stack, page, '/monitor/collectives');
    await page.getByRole('heading', { name: 'Collectives', exact: true }).waitFor();

    await page.getByLabel('Name').fill(`Night Shift ${tag}`);
    await page.getByLabel('Slug').fill(`night-shift-${tag}`);
    await page.getByLabel("Owner's email").fill(owner.email);
    await page.getByRole('button', { name: 'Create collective' }).click();
    await page.getByText('Collective created').waitFor();
    await page.getByRole('row', { name: new RegExp(`night-shift-${tag}`) }).waitFor();

    // A slug already taken is refused in the API's words, and nothing is created.
    await page.getByLabel('Name').fill('Again');
    await page.getByLabel('Slug').fill(`night-shift-${tag}`);
    await page.getByLabel("Owner's email").fill(owner.email);
    await page.getByRole('button', { name: 'Create collective' }).click();
    await page.getByText('The collective was not created').waitFor();
    await capture(page, 'monitor-collectives');

    // 21 more collectives make a second page.
    const admin = await createAccount(stack.api, stack.db, { role: 'admin' });
    for (let i = 0; i < 21; i++) {
      await createCollective(stack.api, admin, owner, `page-${tag}-${i}`);
    }
    await page.reload();
    await page.getByText(/^1–20 of \d+$/).waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(/^21–\d+ of \d+$/).waitFor();
    expect(page.url()).toContain('offset=20');
  });
});
