// The seed's two drops, made the way a collective makes them (through the API) and opened by the
// worker's clock: a first-come drop of two numbered pressings with a waitlist (second chance),
// and a raffle of one pressing whose winners' unclaimed units are passed down.
import type { Client } from 'pg';
import { ApiClient, createAdmin } from '../../bench/support/api-client';
import type { SeedDb } from './seed-db';

export interface ChaosDrops {
  collective: string;
  firstCome: { id: string; variantIds: string[]; units: number[] };
  raffle: { id: string; variantIds: string[]; units: number[] };
  ownerToken: string;
}

const inSeconds = (s: number): string => new Date(Date.now() + s * 1000).toISOString();

async function numberedItem(
  owner: ApiClient,
  collective: string,
  tag: string,
  units: number[],
): Promise<string[]> {
  const item = await owner.call<{ variants: Array<{ id: string }> }>(
    'POST',
    `/collectives/${collective}/items`,
    201,
    {
      kind: 'vinyl',
      title: `Chaos pressing ${tag}`,
      attributes: { format: 'LP', rpm: 33 },
      variants: units.map((editionSize, i) => ({
        sku: `${collective}-${tag}-${i}`.toUpperCase(),
        label: `Pressing ${tag}${i + 1}`,
        attributes: { colourway: `colour ${i + 1}`, weightGrams: 180, pressing: 1 },
        priceMinor: 3000 + 500 * i,
        currency: 'EUR',
        editionSize,
        numbered: true,
      })),
    },
  );
  return item.variants.map((v) => v.id);
}

export async function createChaosDrops(
  api: ApiClient,
  db: Client,
  seed: number,
  units: { firstCome: number[]; raffle: number[] },
): Promise<ChaosDrops> {
  const admin = await createAdmin(api, db);
  const owner = api.as(admin.token);
  const collective = `chaos-${seed}`;
  await owner.call('POST', '/admin/collectives', 201, {
    name: `Chaos ${seed}`,
    slug: collective,
    ownerEmail: admin.email,
  });
  const firstComeVariants = await numberedItem(owner, collective, 'a', units.firstCome);
  const raffleVariants = await numberedItem(owner, collective, 'r', units.raffle);
  const firstCome = await owner.call<{ id: string }>(
    'POST',
    `/collectives/${collective}/drops`,
    201,
    {
      name: 'Chaos first come',
      slug: 'first-come',
      startsAt: inSeconds(600),
      holdSeconds: 600,
      perCustomerLimit: 2,
      lines: firstComeVariants.map((variantId, i) => ({ variantId, quantity: units.firstCome[i] })),
    },
  );
  const raffle = await owner.call<{ id: string }>('POST', `/collectives/${collective}/drops`, 201, {
    name: 'Chaos raffle',
    slug: 'raffle',
    releaseMode: 'raffle',
    entryClosesAt: inSeconds(600),
    startsAt: inSeconds(601),
    perCustomerLimit: 1,
    lines: raffleVariants.map((variantId, i) => ({ variantId, quantity: units.raffle[i] })),
  });
  for (const id of [firstCome.id, raffle.id]) {
    await owner.call('POST', `/collectives/${collective}/drops/${id}/schedule`, 200);
  }
  // The opening moment arrives (the clock moves, not the code): the worker's sweep opens it.
  await db.query(`UPDATE drops SET starts_at = now() WHERE id = $1`, [firstCome.id]);
  return {
    collective,
    firstCome: { id: firstCome.id, variantIds: firstComeVariants, units: units.firstCome },
    raffle: { id: raffle.id, variantIds: raffleVariants, units: units.raffle },
    ownerToken: admin.token,
  };
}

/** The raffle's entry window ends and its opening arrives: the worker draws and opens it. */
export async function closeRaffleEntries(db: SeedDb, dropId: string): Promise<void> {
  await db.query(
    `UPDATE drops SET entry_closes_at = now() - interval '1 second',
                      starts_at = now() - interval '1 second'
      WHERE id = $1 AND state = 'scheduled'`,
    [dropId],
  );
}

export async function dropState(db: SeedDb, dropId: string): Promise<string> {
  const rows = await db.query<{ state: string }>('SELECT state FROM drops WHERE id = $1', [dropId]);
  return rows[0]?.state;
}
