// The console's second-order controls in a real browser, on one collective set up through the
// API: an owner edits and deletes a variant, edits an image's alt text and deletes an image,
// makes a staff member owner, removes another, revokes a pending invite, and pages the audit
// log back with "Show older events". Each effect is checked on the page and in the database;
// the pages are captured at 1280×900 and 390×844 and axe-checked.
import './support/browser-env';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

import { createAccount } from '../support/accounts';
import { addMember, createCollective, inviteMember } from '../support/collectives';
import { createItem, record } from '../support/drops';
import { pngImage } from '../support/images';
import { capture, useBrowserStack } from './support/browser-stack';

describe('an owner edits, removes and pages back in the console', () => {
  const stack = useBrowserStack();

  it('variants, images, roles, members, invites and the audit log’s older events', async () => {
    const tag = randomUUID().slice(0, 8);
    const admin = await createAccount(stack.api, stack.db, { role: 'admin' });
    const owner = await createAccount(stack.api, stack.db, { displayName: 'Noor' });
    const { slug: collective, id: collectiveId } = await createCollective(
      stack.api,
      admin,
      owner,
      `night-shift-${tag}`,
      'Night Shift',
    );
    const lee = await createAccount(stack.api, stack.db, { displayName: 'Lee' });
    const sky = await createAccount(stack.api, stack.db, { displayName: 'Sky' });
    await addMember(stack.api, owner, collective, lee, 'staff');
    await addMember(stack.api, owner, collective, sky, 'staff');
    const pendingEmail = `pending-${tag}@example.com`;
    const pending = await inviteMember(stack.api, owner, collective, pendingEmail, 'staff');
    const lp = await createItem(stack.api, owner, collective, record(tag));
    const [black, red] = lp.variants;
    for (const alt of ['Sleeve, front', 'Sleeve, back']) {
      const upload = await request(stack.api.getHttpServer())
        .post(`/collectives/${collective}/items/${lp.id}/images`)
        .set('authorization', owner.bearer)
        .field('alt', alt)
        .attach('file', await pngImage(64, 48), 'sleeve.png');
      expect(upload.status).toBe(201);
    }
    // Older history than one page of the audit log holds (25 events): thirty past events.
    await stack.db.query(
      `INSERT INTO audit_events (occurred_at, actor_user_id, action, target_type, target_id,
                                 collective_id, after)
       SELECT now() - make_interval(days => 30 + n), $1, 'item.update', 'item', $2, $3,
              jsonb_build_object('title', 'Afterhours LP, draft ' || n)
         FROM generate_series(1, 30) AS n`,
      [owner.id, lp.id, collectiveId],
    );

    const page = await (await stack.newContext('desktop')).newPage();
    await page.goto('/signin');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Console' }).waitFor();

    // ── Variants: edit one (label and price), delete the other. ──
    await page.goto(`/console/collectives/${collective}/items/${lp.id}`);
    const variants = page.getByRole('table', { name: 'Variants of Afterhours LP' });
    await page.getByRole('button', { name: 'Edit variant Black, 180 g' }).click();
    const edit = page.getByRole('form', { name: 'Edit Black, 180 g' });
    await edit.getByLabel('Label').fill('Black, 140 g');
    await edit.getByLabel('Price (EUR)').fill('26.00');
    await edit.getByLabel('Weight grams').fill('140');
    await capture(page, 'console-variant-edit');
    await edit.getByRole('button', { name: 'Save variant' }).click();
    await variants.getByRole('cell', { name: 'Black, 140 g', exact: true }).waitFor();
    await variants.getByRole('cell', { name: '€26.00', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Delete variant Clear red, 180 g' }).click();
    const deleteVariant = page.getByRole('dialog', { name: 'Delete Clear red, 180 g?' });
    await deleteVariant.getByRole('button', { name: 'Delete variant' }).click();
    await variants.getByRole('cell', { name: 'Clear red, 180 g', exact: true }).waitFor({
      state: 'detached',
    });
    const { rows: variantRows } = await stack.db.query(
      `SELECT id, label, price_minor, attributes->>'weightGrams' AS grams
         FROM variants WHERE item_id = $1`,
      [lp.id],
    );
    expect(variantRows).toEqual([
      { id: black.id, label: 'Black, 140 g', price_minor: 2600, grams: '140' },
    ]);
    expect(variantRows.some((v) => v.id === red.id)).toBe(false);

    // ── Images: new alt text for the first, the second deleted. ──
    await page
      .getByRole('textbox', { name: 'Alt text of image 1', exact: true })
      .fill('Sleeve, front, signed');
    await page
      .getByRole('form', { name: 'Alt text of image 1 (Sleeve, front)' })
      .getByRole('button', { name: 'Save alt text' })
      .click();
    await page.getByRole('img', { name: 'Sleeve, front, signed' }).waitFor();
    await page.getByRole('button', { name: 'Delete image 2 (Sleeve, back)' }).click();
    await page
      .getByRole('dialog', { name: 'Delete this image?' })
      .getByRole('button', { name: 'Delete image' })
      .click();
    await page.getByRole('img', { name: 'Sleeve, back' }).waitFor({ state: 'detached' });
    const { rows: images } = await stack.db.query(
      `SELECT alt FROM item_images WHERE item_id = $1 ORDER BY position`,
      [lp.id],
    );
    expect(images).toEqual([{ alt: 'Sleeve, front, signed' }]);
    const listed = await request(stack.api.getHttpServer())
      .get(`/collectives/${collective}/items/${lp.id}/images`)
      .set('authorization', owner.bearer);
    expect(listed.body.images.map((i: { alt: string }) => i.alt)).toEqual([
      'Sleeve, front, signed',
    ]);
    await capture(page, 'console-item-edited');

    // ── Team: Lee becomes an owner, Sky is removed, the pending invite is revoked. ──
    await page.goto(`/console/collectives/${collective}/team`);
    const members = page.getByRole('table', { name: 'Members and their roles' });
    await page.getByRole('button', { name: 'Make Lee owner' }).click();
    await page
      .getByRole('dialog', { name: 'Make Lee owner?' })
      .getByRole('button', { name: 'Change role' })
      .click();
    await page.getByRole('button', { name: 'Make Lee staff' }).waitFor();
    await page.getByRole('button', { name: 'Remove Sky' }).click();
    const removeDialog = page.getByRole('dialog', { name: 'Remove Sky from the collective?' });
    await capture(page, 'console-team-remove-member');
    await removeDialog.getByRole('button', { name: 'Remove member' }).click();
    await members.getByText(sky.email).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: `Revoke the invite of ${pendingEmail}` }).click();
    await page
      .getByRole('dialog', { name: `Revoke the invite of ${pendingEmail}?` })
      .getByRole('button', { name: 'Revoke invite' })
      .click();
    await page.getByText('No pending invites.').waitFor();
    const { rows: team } = await stack.db.query(
      `SELECT u.display_name AS name, m.role FROM collective_memberships m
         JOIN users u ON u.id = m.user_id WHERE m.collective_id = $1 ORDER BY u.display_name`,
      [collectiveId],
    );
    expect(team).toEqual([
      { name: 'Lee', role: 'owner' },
      { name: 'Noor', role: 'owner' },
    ]);
    const { rows: invite } = await stack.db.query(
      `SELECT revoked_at IS NOT NULL AS revoked FROM collective_invites WHERE id = $1`,
      [pending.id],
    );
    expect(invite).toEqual([{ revoked: true }]);
    await capture(page, 'console-team-edited');

    // ── The audit log: the newest page, then older events until there are none. ──
    await page.getByRole('link', { name: 'Audit log' }).click();
    const audit = page.getByRole('table', { name: 'Audit events' });
    await audit.getByRole('cell', { name: 'collective.invite.revoke', exact: true }).waitFor();
    const { rows: counted } = await stack.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE collective_id = $1`,
      [collectiveId],
    );
    expect(counted[0].n).toBeGreaterThan(25);
    expect(await audit.locator('tbody tr').count()).toBe(25);
    const oldest = audit.getByText('title: Afterhours LP, draft 30', { exact: true });
    expect(await oldest.count()).toBe(0);
    const older = page.getByRole('button', { name: 'Show older events' });
    for (let pages = 1; pages < 10 && (await older.count()) > 0; pages++) {
      await older.click();
      await audit
        .locator('tbody tr')
        .nth(Math.min(25 * (pages + 1), counted[0].n) - 1)
        .waitFor();
    }
    await oldest.waitFor();
    expect(await audit.locator('tbody tr').count()).toBe(counted[0].n);
    expect(await older.count()).toBe(0);
    await capture(page, 'console-team-audit-older');
  }, 600_000);
});
