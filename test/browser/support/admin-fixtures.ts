// An admin in the browser: the account is made through the API (the role set as the admin CLI
// sets it) and signed in through the sign-in page, landing on the monitor page asked for.
import type { Page } from 'playwright-core';
import { createAccount, type TestAccount } from '../../support/accounts';
import type { BrowserStack } from './browser-stack';

export async function signInAsAdmin(
  stack: BrowserStack,
  page: Page,
  path = '/monitor',
): Promise<TestAccount> {
  const admin = await createAccount(stack.api, stack.db, {
    role: 'admin',
    displayName: 'Ada Admin',
  });
  await signIn(page, admin, path);
  return admin;
}

export async function signIn(page: Page, account: TestAccount, path: string): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(path)}`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('navigation', { name: 'Monitor' })
    .or(page.getByText('Admins only'))
    .waitFor();
}
