// A drop on sale, made the way a collective makes one (API) and opened the way the worker
// opens it (DropClock), for tests of what fans do once a drop is live.
import { randomUUID } from 'node:crypto';
import { DropClock } from '@limited-run/drops';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import { createAccount, type TestAccount } from './accounts';
import { createCollective } from './collectives';
import { createDrop, createItem, inSeconds, scheduleDrop } from './drops';
import { eventually } from './eventually';

export interface LiveDrop {
  id: string;
  variantIds: string[];
  owner: TestAccount;
  admin: TestAccount;
  collective: string;
}

export interface LiveDropOptions {
  /** Units allocated to the drop per variant; one variant per entry. */
  units: number[];
  /** Each variant's edition size; by default exactly the units this drop takes. */
  editionSizes?: number[];
  perCustomerLimit?: number;
  holdSeconds?: number;
  endsInSeconds?: number;
}

export async function openLiveDrop(
  app: NestFastifyApplication,
  db: Client,
  options: LiveDropOptions,
): Promise<LiveDrop> {
  const tag = randomUUID().slice(0, 8);
  const admin = await createAccount(app, db, { role: 'admin' });
  const owner = await createAccount(app, db);
  const collective = (await createCollective(app, admin, owner, `label-${tag}`)).slug;
  const item = await createItem(app, owner, collective, {
    kind: 'vinyl',
    title: 'Race pressing',
    attributes: { format: 'LP', rpm: 33 },
    variants: options.units.map((units, i) => ({
      sku: `${tag}-V${i}`,
      label: `Pressing ${i + 1}`,
      attributes: { colourway: `colour ${i + 1}`, weightGrams: 180, pressing: 1 },
      priceMinor: 3000,
      currency: 'EUR',
      editionSize: options.editionSizes?.[i] ?? units,
      numbered: true,
    })),
  });
  const variantIds = item.variants.map((variant) => variant.id);
  // Scheduled well ahead (a busy machine can take more than a second between creating and
  // scheduling, and a start in the past is refused), then made due below.
  const startsAt = inSeconds(600);
  const draft = await createDrop(app, owner, collective, {
    name: `Drop ${tag}`,
    slug: `drop-${tag}`,
    startsAt,
    ...(options.endsInSeconds ? { endsAt: inSeconds(options.endsInSeconds) } : {}),
    perCustomerLimit: options.perCustomerLimit ?? 2,
    holdSeconds: options.holdSeconds ?? 600,
    lines: variantIds.map((variantId, i) => ({ variantId, quantity: options.units[i] })),
  });
  await scheduleDrop(app, owner, collective, draft.id);
  await db.query(`UPDATE drops SET starts_at = now() WHERE id = $1`, [draft.id]);
  const clock = app.get(DropClock);
  // Opened here, or by a worker's sweep if a test runs one: either way, live.
  await eventually(async () => {
    await clock.open(draft.id);
    const { rows } = await db.query<{ state: string }>('SELECT state FROM drops WHERE id = $1', [
      draft.id,
    ]);
    return rows[0]?.state === 'live' ? true : undefined;
  });
  return { id: draft.id, variantIds, owner, admin, collective };
}
