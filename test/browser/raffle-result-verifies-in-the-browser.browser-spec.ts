// A raffle from the fan's side: enter on the drop page, the worker draws at the cutoff, the fan
// sees their result, and the fairness page recomputes the draw in the browser (Web Crypto):
// green for the published proof, red with the reason for a tampered copy.
import './support/browser-env';
import request from 'supertest';
import { createAccount } from '../support/accounts';
import { eventually } from '../support/test-app';
import { capture, useBrowserStack } from './support/browser-stack';
import { scheduleVinylAndGarmentDrop, signUpInBrowser } from './support/storefront-fixtures';

describe('a raffle verified in the browser', () => {
  const stack = useBrowserStack();

  it('entry → draw → result → the proof checks out, and a tampered one does not', async () => {
    const drop = await scheduleVinylAndGarmentDrop(stack, {
      releaseMode: 'raffle',
      startsInSeconds: 25,
      entryClosesInSeconds: 25,
      units: 2,
    });
    // Other fans enter through the API.
    for (let i = 0; i < 4; i++) {
      const fan = await createAccount(stack.api, stack.db);
      await request(stack.api.getHttpServer())
        .post(`/drops/${drop.id}/raffle/entries`)
        .set('authorization', fan.bearer)
        .send({ variantId: drop.variants.blackLp })
        .expect(201);
    }
    const context = await stack.newContext('desktop');
    const page = await context.newPage();
    await signUpInBrowser(page);
    await page.goto(`/drop/${drop.id}`);
    await page.getByRole('radio', { name: /Black, 180 g/ }).check();
    await page.getByRole('button', { name: 'Enter the raffle' }).click();
    await page.getByText('You are in the raffle').waitFor();
    await capture(page, 'drop-raffle-entered');

    // The worker draws at the cutoff (a delayed job, or the sweep). Watched in the database:
    // polling the proof route every 50 ms would spend its per-address download limit
    // (RATE_LIMIT_PROOF_DOWNLOADS) and see 429s instead of the drawn proof.
    await eventually(async () => {
      const { rows } = await stack.db.query<{ drawn: boolean }>(
        'SELECT drawn_at IS NOT NULL AS drawn FROM drop_fairness WHERE drop_id = $1',
        [drop.id],
      );
      return rows[0]?.drawn ? true : undefined;
    }, 60_000);

    await page.reload();
    await page.getByText(/drawn number \d+/).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Check the draw' }).first().click();
    await page.getByText('The draw checks out').waitFor();
    await capture(page, 'fairness-match');

    const proof = (await request(stack.api.getHttpServer()).get(`/drops/${drop.id}/fairness`)).body;
    const tampered = {
      ...proof,
      result: { ...proof.result, winners: [...proof.result.winners].reverse() },
    };
    await page.getByLabel('Proof (JSON)').fill(JSON.stringify(tampered, null, 2));
    await page.getByRole('button', { name: 'Check this proof' }).click();
    await page.getByText('This proof does not check out').waitFor();
    await page
      .getByText(/result\.winners differs from the recomputed winners at position 1/)
      .waitFor();
    await capture(page, 'fairness-mismatch');

    // The account lists the entry with its result.
    await page.goto('/account');
    await page.getByRole('heading', { name: 'My raffle entries' }).waitFor();
    await page
      .getByText(/Afterhours LP — Black, 180 g/)
      .first()
      .waitFor();
    await page.getByText(/drawn number \d+/).waitFor();
  });
});
