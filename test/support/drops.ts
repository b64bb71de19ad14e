// Catalog and drop fixtures for end-to-end tests, made through the API as a collective makes them.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';
import type { TestAccount } from './accounts';

export interface TestVariant {
  id: string;
  sku: string;
  label: string;
  priceMinor: number;
  currency: string;
  editionSize: number;
  allocated: number;
}

export interface TestItem {
  id: string;
  kind: string;
  variants: TestVariant[];
}

/** An ISO instant `seconds` from now (negative: in the past). */
export const inSeconds = (seconds: number): string =>
  new Date(Date.now() + seconds * 1000).toISOString();

/** A hoodie in three sizes, 50 of each at €85. */
export function hoodie(skuPrefix: string, editionSize = 50): Record<string, unknown> {
  return {
    kind: 'garment',
    title: 'Night Shift hoodie',
    description: 'Heavyweight, screen-printed by hand.',
    mediaUrls: ['https://cdn.example.com/hoodie.jpg'],
    attributes: { colour: 'washed black', material: '100% organic cotton, 450 gsm' },
    variants: ['S', 'M', 'L'].map((size) => ({
      sku: `${skuPrefix}-HOOD-${size}`,
      label: `Hoodie, washed black, ${size}`,
      attributes: { size },
      priceMinor: 8500,
      currency: 'EUR',
      editionSize,
      numbered: false,
    })),
  };
}

/** An LP in two pressings (black and clear red), 100 and 150 copies, numbered. */
export function record(skuPrefix: string): Record<string, unknown> {
  return {
    kind: 'vinyl',
    title: 'Afterhours LP',
    attributes: { format: 'LP', rpm: 33, catalogueNumber: 'NS-014' },
    variants: [
      {
        sku: `${skuPrefix}-LP-BLK`,
        label: 'Black, 180 g',
        attributes: { colourway: 'black', weightGrams: 180, pressing: 1 },
        priceMinor: 2800,
        currency: 'EUR',
        editionSize: 100,
        numbered: true,
      },
      {
        sku: `${skuPrefix}-LP-RED`,
        label: 'Clear red, 180 g',
        attributes: { colourway: 'clear red', weightGrams: 180, pressing: 1 },
        priceMinor: 3200,
        currency: 'EUR',
        editionSize: 150,
        numbered: true,
      },
    ],
  };
}

export async function createItem(
  app: NestFastifyApplication,
  caller: TestAccount,
  collective: string,
  body: Record<string, unknown>,
): Promise<TestItem> {
  const res = await request(app.getHttpServer())
    .post(`/collectives/${collective}/items`)
    .set('authorization', caller.bearer)
    .send(body);
  if (res.status !== 201) {
    throw new Error(`creating item failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as TestItem;
}

export interface TestDrop {
  id: string;
  state: string;
  startsAt: string;
  endsAt: string | null;
  lines: Array<{
    id: string;
    variant: { id: string; sku: string };
    allocated: number;
    remaining: number;
    priceMinor: number;
    currency: string;
  }>;
}

export async function createDrop(
  app: NestFastifyApplication,
  caller: TestAccount,
  collective: string,
  body: Record<string, unknown>,
): Promise<TestDrop> {
  const res = await request(app.getHttpServer())
    .post(`/collectives/${collective}/drops`)
    .set('authorization', caller.bearer)
    .send(body);
  if (res.status !== 201) {
    throw new Error(`creating drop failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as TestDrop;
}

export async function scheduleDrop(
  app: NestFastifyApplication,
  caller: TestAccount,
  collective: string,
  dropId: string,
): Promise<TestDrop> {
  const res = await request(app.getHttpServer())
    .post(`/collectives/${collective}/drops/${dropId}/schedule`)
    .set('authorization', caller.bearer);
  if (res.status !== 200) {
    throw new Error(`scheduling drop failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as TestDrop;
}

/** The drop's state straight from the database. */
export async function dropState(db: Client, dropId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ state: string }>('SELECT state FROM drops WHERE id = $1', [
    dropId,
  ]);
  return rows[0]?.state;
}

/**
 * Row counts of every table the catalog and drops write, plus each variant's allocation: a
 * refused request must leave all of it unchanged.
 */
export async function catalogSnapshot(db: Client): Promise<Record<string, unknown>> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM items) AS items,
            (SELECT count(*)::int FROM variants) AS variants,
            (SELECT count(*)::int FROM drops) AS drops,
            (SELECT count(*)::int FROM drop_lines) AS lines,
            (SELECT count(*)::int FROM audit_events) AS audit,
            (SELECT coalesce(json_agg(json_build_array(id, allocated, edition_size, price_minor) ORDER BY id), '[]')
               FROM variants) AS allocations,
            (SELECT coalesce(json_agg(json_build_array(id, state, starts_at, ends_at, updated_at) ORDER BY id), '[]')
               FROM drops) AS drop_rows,
            (SELECT coalesce(json_agg(json_build_array(id, quantity_allocated, price_minor) ORDER BY id), '[]')
               FROM drop_lines) AS line_rows`,
  );
  return rows[0] as Record<string, unknown>;
}
