import './support/env/payments-offline';
import { DropClock } from '@limited-run/drops';
import fc from 'fast-check';
import { checkInvariants, commands, type Model, type World } from './model/drop-model';
import { createAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createDrop, createItem, inSeconds, scheduleDrop } from './support/drops';
import type { LiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

/**
 * Model-based test of issue 11's invariants (fast-check `fc.commands` + `fc.asyncModelRun`):
 * random sequences of holds, releases, checkouts, payments (on time and late), expiries,
 * cancels, closes, refunds (returning units or not), waitlist joins and second-chance offers,
 * raffle entries, draws and pass-downs run through the real API and worker on real Postgres
 * and Redis and the Stripe stand-in; every invariant (test/model/drop-model.ts) is checked
 * after every step. A failing sequence is shrunk and printed as the list of its steps, with
 * the seed and path to replay it.
 *
 * CI: MODEL_RUNS sequences (default 3) with the fixed seed, plus as many with a random seed,
 * printed. `npm run test:model -- --runs N [--seed S] [--steps M]` runs a longer one.
 */
const RUNS = Number(process.env.MODEL_RUNS ?? 3);
const MAX_COMMANDS = Number(process.env.MODEL_MAX_COMMANDS ?? 16);
const FIXED_SEED = 20261203;
const RANDOM_SEED = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : Date.now() % 2 ** 31;
const FANS = 3;
const UNITS = 3;
const EDITION = 5;

describe('every unit accounted for: random sequences of real operations keep every invariant', () => {
  const stats = { sequences: 0, steps: 0, invariantChecks: 0, violations: 0 };
  let made = 0;
  afterAll(() => {
    // The figures docs/model-based-tests.md records.
    console.log(`model run: ${JSON.stringify(stats)}`);
  });
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });

  /**
   * A drop of one numbered variant (UNITS of an EDITION), scheduled well ahead so that a busy
   * machine cannot make its start pass before it is scheduled. A first-come drop is then made
   * due and opened by the worker's clock; a raffle stays scheduled, taking entries, until the
   * model's Draw step.
   */
  async function newDrop(mode: 'first_come' | 'raffle'): Promise<LiveDrop> {
    made++;
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    const owner = await createAccount(ctx.app, ctx.db);
    const collective = (await createCollective(ctx.app, admin, owner, `model-${made}`)).slug;
    const item = await createItem(ctx.app, owner, collective, {
      kind: 'vinyl',
      title: 'Model pressing',
      attributes: { format: 'LP', rpm: 33 },
      variants: [
        {
          sku: `M-${made}`,
          label: 'Pressing',
          attributes: { colourway: 'black', weightGrams: 180, pressing: 1 },
          priceMinor: 3000,
          currency: 'EUR',
          editionSize: EDITION,
          numbered: true,
        },
      ],
    });
    const variantIds = item.variants.map((v) => v.id);
    const drop = await createDrop(ctx.app, owner, collective, {
      name: `Model drop ${made}`,
      slug: `model-drop-${made}`,
      ...(mode === 'raffle' ? { releaseMode: 'raffle', entryClosesAt: inSeconds(3000) } : {}),
      startsAt: inSeconds(3600),
      perCustomerLimit: 2,
      lines: [{ variantId: variantIds[0], quantity: UNITS }],
    });
    await scheduleDrop(ctx.app, owner, collective, drop.id);
    if (mode === 'first_come') {
      await ctx.db.query(`UPDATE drops SET starts_at = now() WHERE id = $1`, [drop.id]);
      if ((await ctx.worker.get(DropClock).open(drop.id)) !== 'done') throw new Error('not opened');
    }
    return { id: drop.id, variantIds, owner, admin, collective };
  }

  async function world(mode: 'first_come' | 'raffle'): Promise<World> {
    const drop = await newDrop(mode);
    const fans = [];
    for (let i = 0; i < FANS; i++) fans.push(await createAccount(ctx.app, ctx.db));
    return {
      api: ctx.app,
      worker: ctx.worker,
      db: ctx.db,
      payments: ctx.payments,
      drop,
      fans,
      mode,
      units: UNITS,
      stats: { steps: 0, checks: 0 },
    };
  }

  const property = () =>
    fc.asyncProperty(
      fc
        .constantFrom('first_come' as const, 'raffle' as const)
        .chain((mode) => fc.tuple(fc.constant(mode), commands(mode, FANS, MAX_COMMANDS))),
      async ([mode, cmds]) => {
        const real = await world(mode);
        const model: Model = { cancelled: false, closed: false, drawn: false };
        try {
          await checkInvariants(real);
          await fc.asyncModelRun(() => ({ model, real }), cmds);
        } catch (error) {
          stats.violations++;
          throw error;
        } finally {
          stats.sequences++;
          stats.steps += real.stats.steps;
          stats.invariantChecks += real.stats.checks;
        }
      },
    );

  for (const [name, seed] of [
    ['a fixed seed', FIXED_SEED],
    ['a random seed', RANDOM_SEED],
  ] as const) {
    it(`holds for ${RUNS} sequences with ${name} (${seed})`, async () => {
      console.log(`model-based test: seed ${seed}, ${RUNS} runs, up to ${MAX_COMMANDS} steps each`);
      await fc.assert(property(), { numRuns: RUNS, seed, endOnFailure: false, verbose: 1 });
    }, 1_800_000);
  }
});
