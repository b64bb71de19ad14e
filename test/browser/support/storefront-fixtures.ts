// What a collective sets up before fans arrive (through the API, as the console will), and what
// a fan does first in the browser. Shared by the storefront journeys.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createAccount, type TestAccount } from '../../support/accounts';
import { createCollective } from '../../support/collectives';
import { createDrop, createItem, hoodie, record, scheduleDrop } from '../../support/drops';
import type { BrowserStack } from './browser-stack';

export interface ScheduledDrop {
  id: string;
  name: string;
  /** Black LP (numbered, edition of 100), clear-red LP (numbered, 150), hoodie M (unnumbered). */
  variants: { blackLp: string; redLp: string; hoodieM: string };
  /** The collective's owner and slug, for what the collective does next through the API. */
  owner: TestAccount;
  collective: string;
}

export interface DropSetup {
  startsInSeconds: number;
  units?: number;
  releaseMode?: 'first_come' | 'waitlist_first' | 'raffle';
  holdSeconds?: number;
  entryClosesInSeconds?: number;
  perCustomerLimit?: number;
  /** The LP is a pre-release that ships from this day (`YYYY-MM-DD`). */
  lpExpectedShipDate?: string;
}

/** A collective with an LP in two numbered pressings and a hoodie, and a drop of them. */
export async function scheduleVinylAndGarmentDrop(
  stack: BrowserStack,
  setup: DropSetup,
): Promise<ScheduledDrop> {
  const tag = randomUUID().slice(0, 8);
  const admin = await createAccount(stack.api, stack.db, { role: 'admin' });
  const owner = await createAccount(stack.api, stack.db);
  const collective = (
    await createCollective(stack.api, admin, owner, `night-shift-${tag}`, 'Night Shift')
  ).slug;
  const lp = await createItem(stack.api, owner, collective, {
    ...record(tag),
    ...(setup.lpExpectedShipDate ? { expectedShipDate: setup.lpExpectedShipDate } : {}),
  });
  const garment = await createItem(stack.api, owner, collective, hoodie(tag));
  const variants = {
    blackLp: lp.variants[0].id,
    redLp: lp.variants[1].id,
    hoodieM: garment.variants.find((v) => v.sku.endsWith('-M'))?.id ?? garment.variants[1].id,
  };
  const units = setup.units ?? 10;
  const name = `Afterhours release night ${tag}`;
  // One instant for every offset: two `Date.now()` reads a millisecond apart once put a raffle's
  // entry cutoff 1 ms after its start, which the API rightly refuses.
  const now = Date.now();
  const at = (seconds: number) => new Date(now + seconds * 1000).toISOString();
  const draft = await createDrop(stack.api, owner, collective, {
    name,
    slug: `afterhours-${tag}`,
    description: 'The LP in two pressings and the hoodie, released together.',
    releaseMode: setup.releaseMode ?? 'first_come',
    startsAt: at(setup.startsInSeconds),
    ...(setup.entryClosesInSeconds !== undefined
      ? { entryClosesAt: at(setup.entryClosesInSeconds) }
      : {}),
    holdSeconds: setup.holdSeconds ?? 600,
    perCustomerLimit: setup.perCustomerLimit ?? 2,
    lines: Object.values(variants).map((variantId) => ({ variantId, quantity: units })),
  });
  await scheduleDrop(stack.api, owner, collective, draft.id);
  return { id: draft.id, name, variants, owner, collective };
}

/** Signs a new fan up through the sign-up page; returns their email. */
export async function signUpInBrowser(page: Page, name = 'Robin'): Promise<string> {
  const email = `${name.toLowerCase()}-${randomUUID()}@example.com`;
  await page.goto('/signup');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('link', { name: 'My account' }).waitFor();
  return email;
}
