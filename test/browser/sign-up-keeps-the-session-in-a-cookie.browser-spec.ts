import './support/browser-env';
import { randomUUID } from 'node:crypto';
import { capture, useBrowserStack } from './support/browser-stack';

describe('the storefront shell and browser sign-in', () => {
  const stack = useBrowserStack();

  it('serves the app with a strict CSP, immutable assets and an uncached shell', async () => {
    const shell = await fetch(`${stack.baseUrl}/`);
    expect(shell.status).toBe(200);
    expect(shell.headers.get('cache-control')).toBe('no-cache');
    const csp = shell.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'self'`);
    expect(csp).not.toContain('unsafe-inline');
    const html = await shell.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const script = await fetch(`${stack.baseUrl}${asset}`);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Swagger's inline script is allowed on /docs only.
    const docs = await fetch(`${stack.baseUrl}/docs`);
    expect(docs.headers.get('content-security-policy')).toContain(`'unsafe-inline'`);
  });

  it('signs a new fan up and keeps them signed in across a reload', async () => {
    const context = await stack.newContext('mobile');
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Drops', level: 1 }).waitFor();
    await capture(page, 'home');
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await capture(page, 'sign-up');
    await page.getByLabel('Name').fill('Robin');
    await page.getByLabel('Email').fill(`robin-${randomUUID()}@example.com`);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('link', { name: 'My account' }).waitFor();

    const cookie = (await context.cookies()).find((c) => c.name === 'lr_refresh');
    expect(cookie).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/auth/refresh',
    });
    // Nothing of the session is readable by script.
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })')).toBe(
      '{}',
    );

    await page.reload();
    await page.getByRole('link', { name: 'My account' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.goto('/signin');
    await capture(page, 'sign-in');
  });
});
