import './support/browser-env';
import { createAccount } from '../support/accounts';
import { eventually } from '../support/test-app';
import { capture, useBrowserStack } from './support/browser-stack';

describe('a fan who forgot their password resets it through the mailed link', () => {
  const stack = useBrowserStack();

  it('sign-in → forgot → mailed link → new password → signed out everywhere → sign in with it', async () => {
    const fan = await createAccount(stack.api, stack.db, { displayName: 'Sam' });
    const context = await stack.newContext('mobile');
    const page = await context.newPage();

    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await capture(page, 'reset-password-request');
    await page.getByLabel('Email').fill(fan.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByText("We've sent a link if the account exists").waitFor();
    await capture(page, 'reset-password-sent');

    const message = await eventually(() =>
      Promise.resolve(stack.mail.to(fan.email).find((m) => /Reset your/.test(m.subject))),
    );
    const link = /(http\S+\/reset-password\?token=\S+)/.exec(message.text)?.[1] ?? '';
    expect(link.startsWith(`${stack.baseUrl}/reset-password?token=`)).toBe(true);

    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await capture(page, 'reset-password-choose');
    await page.getByLabel('New password').fill('my brand new pass phrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await capture(page, 'reset-password-done');

    // The session the fan had before the reset is over.
    const me = await fetch(`${stack.baseUrl}/me`, { headers: { authorization: fan.bearer } });
    expect(me.status).toBe(401);

    // The same link a second time says so and offers a new one.
    await page.goto(link);
    await page.getByLabel('New password').fill('yet another pass phrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('already used').waitFor();
    await page.getByRole('link', { name: 'Request a new link' }).waitFor();

    await page.goto('/signin');
    await page.getByLabel('Email').fill(fan.email);
    await page.getByLabel('Password').fill('my brand new pass phrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'My account' }).waitFor();
  });
});
