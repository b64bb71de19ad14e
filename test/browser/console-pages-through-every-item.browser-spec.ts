// The console's item list pages through the whole catalogue (the API's ?page=&pageSize=), not
// only the first hundred: 120 items made through the API, 50 a page, newest first.
import './support/browser-env';
import { randomUUID } from 'node:crypto';
import { createAccount } from '../support/accounts';
import { createCollective } from '../support/collectives';
import { createItem } from '../support/drops';
import { capture, screenshot, useBrowserStack } from './support/browser-stack';

const ITEMS = 120;

const poster = (n: number): Record<string, unknown> => ({
  kind: 'garment',
  title: `Poster ${String(n).padStart(3, '0')}`,
  attributes: { colour: 'black', material: 'paper' },
});

describe('the console lists every item of a large catalogue, a page at a time', () => {
  const stack = useBrowserStack();

  it('120 items: 1–50, 51–100, 101–120; the oldest is on the last page; the address keeps the page', async () => {
    const tag = randomUUID().slice(0, 8);
    const admin = await createAccount(stack.api, stack.db, { role: 'admin' });
    const owner = await createAccount(stack.api, stack.db, { displayName: 'Noor' });
    const slug = (await createCollective(stack.api, admin, owner, `posters-${tag}`, 'Posters'))
      .slug;
    // One at a time, so "newest first" has one answer.
    for (let n = 1; n <= ITEMS; n++) await createItem(stack.api, owner, slug, poster(n));

    const page = await (await stack.newContext('desktop')).newPage();
    await page.goto(`/signin?next=${encodeURIComponent(`/console/collectives/${slug}/items`)}`);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Items', level: 1 }).waitFor();

    const pager = page.getByRole('navigation', { name: 'Pages of items' });
    const rows = page.getByRole('table').getByRole('row');
    const titles = async (): Promise<string[]> =>
      (await page.getByRole('table').getByRole('link').allTextContents()).map((t) => t.trim());

    await pager.getByText('1–50 of 120').waitFor();
    expect(await rows.count()).toBe(51); // the header row and 50 items
    expect((await titles())[0]).toBe('Poster 120');
    expect(await pager.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    // Fifty rows: one screenshot; the short last page is the one captured at both sizes with axe.
    await screenshot(page, 'console-items-page-1');

    await pager.getByRole('button', { name: 'Next page' }).click();
    await pager.getByText('51–100 of 120').waitFor();
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    const second = await titles();
    expect([second[0], second.at(-1)]).toEqual(['Poster 070', 'Poster 021']);
    await screenshot(page, 'console-items-page-2');

    await pager.getByRole('button', { name: 'Next page' }).click();
    await pager.getByText('101–120 of 120').waitFor();
    const third = await titles();
    expect(third).toHaveLength(20);
    expect(third.at(-1)).toBe('Poster 001');
    expect(await pager.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await capture(page, 'console-items-page-3');

    // A reload keeps the page; going back returns to the one before.
    await page.reload();
    await pager.getByText('101–120 of 120').waitFor();
    await page.goBack();
    await pager.getByText('51–100 of 120').waitFor();
    // 120 items made one by one through the API, on a shared machine.
  }, 480_000);
});
