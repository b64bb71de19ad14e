// The real stack for a browser test file: this file's own database (cloned from the migrated
// template) and Redis prefix (test/support/per-file-env.ts), the API serving the built app on
// PUBLIC_WEB_URL, the worker, the Stripe stand-in delivering signed webhooks, an SMTP catcher,
// and Debian's Chromium through playwright-core. Import './browser-env' first in the test file.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { StripeStandIn } from '../../../libs/payments/src/stand-in';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp-catcher';
import {
  connectTestDatabase,
  createTestDatabase,
  startApi,
  startWorker,
} from '../../support/test-app';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags for a root, GPU-less, offline machine (and CI). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORTS = {
  mobile: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

export const ARTIFACTS_DIR = join(__dirname, '..', '..', '..', 'test-results', 'browser');

export interface BrowserStack {
  /** `http://127.0.0.1:<port>`: the API and the browser app, one origin. */
  baseUrl: string;
  api: NestFastifyApplication;
  worker: NestFastifyApplication;
  db: Client;
  stripe: StripeStandIn;
  mail: SmtpCatcher;
  browser: Browser;
  /** A fresh browser profile (no cookies) at a viewport size; `locale` sets its languages. */
  newContext(viewport?: ViewportName, options?: { locale?: string }): Promise<BrowserContext>;
}

/** Boots the stack before the file's tests and takes it down after them. */
export function useBrowserStack(): BrowserStack {
  const stack = {} as BrowserStack;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    await createTestDatabase();
    stack.db = await connectTestDatabase();
    stack.api = await startApi();
    await stack.api.listen(Number(process.env.API_PORT), '127.0.0.1');
    stack.baseUrl = String(process.env.PUBLIC_WEB_URL);
    stack.worker = await startWorker();
    stack.stripe = await StripeStandIn.start({
      port: Number(process.env.STRIPE_API_PORT),
      secretKey: process.env.STRIPE_SECRET_KEY,
      webhookSecret: (process.env.STRIPE_WEBHOOK_SECRETS ?? '').split(',')[0],
      webhookUrl: `${stack.baseUrl}/webhooks/stripe`,
      // As in development: the Pay button's event reaches the API on its own.
      autoDeliver: true,
    });
    stack.mail = await startSmtpCatcher(Number(new URL(process.env.SMTP_URL ?? '').port));
    stack.browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    stack.newContext = async (viewport: ViewportName = 'desktop', options = {}) => {
      const context = await stack.browser.newContext({
        viewport: VIEWPORTS[viewport],
        baseURL: stack.baseUrl,
        reducedMotion: 'reduce',
        ...(options.locale ? { locale: options.locale } : {}),
      });
      contexts.push(context);
      return context;
    };
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await stack.browser?.close();
    await stack.stripe?.stop();
    await stack.mail?.stop();
    await stack.worker?.close();
    await stack.api?.close();
    await stack.db?.end();
  });
  return stack;
}

/** Saves `test-results/browser/screenshots/<name>-<viewport>.png` (a CI artifact). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const size = page.viewportSize();
  const viewport = size && size.width < 600 ? 'mobile' : 'desktop';
  const dir = join(ARTIFACTS_DIR, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}-${viewport}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The serious and critical axe violations on the page as it is now (expected: none). */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/**
 * Screenshots a page at both sizes (390×844 and desktop) and checks each with axe, then puts
 * the viewport back: every page of every journey goes through here, so every page is looked at
 * and checked at both sizes without running each journey twice.
 */
export async function capture(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const size of [VIEWPORTS.desktop, VIEWPORTS.mobile]) {
    await page.setViewportSize(size);
    await screenshot(page, name);
    expect(await seriousAxeViolations(page)).toEqual([]);
  }
  if (original) await page.setViewportSize(original);
}
