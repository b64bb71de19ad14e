// Just enough of the Limited Run API to set a drop up the way a collective does.
import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';

export class ApiClient {
  constructor(
    readonly origin: string,
    private readonly token?: string,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.origin, token);
  }

  /** The parsed body; anything but `expected` is an error that quotes the answer. */
  async call<T>(
    method: string,
    path: string,
    expected: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const res = await fetch(`${this.origin}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (res.status !== expected) {
      throw new Error(`${method} ${path} answered ${res.status} (expected ${expected}): ${text}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export interface Admin {
  id: string;
  email: string;
  token: string;
}

/** Signs up through the API, is made admin the way the tests and the admin CLI do, logs in. */
export async function createAdmin(api: ApiClient, db: Client): Promise<Admin> {
  const email = `bench-admin-${randomBytes(4).toString('hex')}@example.com`;
  const password = `bench-${randomBytes(12).toString('hex')}`;
  const {
    user: { id },
  } = await api.call<{ user: { id: string } }>('POST', '/auth/signup', 201, {
    email,
    password,
    displayName: 'Bench admin',
  });
  await db.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [id]);
  const { accessToken } = await api.call<{ accessToken: string }>('POST', '/auth/login', 200, {
    email,
    password,
  });
  return { id, email, token: accessToken };
}

export interface BenchDrop {
  id: string;
  collectiveSlug: string;
  variantIds: string[];
  allocation: number[];
}

const SIZES = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', '3XL', 'ONE_SIZE'] as const;

/** `units` split over `variants` as evenly as whole units allow. */
export function split(units: number, variants: number): number[] {
  return Array.from(
    { length: variants },
    (_, i) => Math.floor(units / variants) + (i < units % variants ? 1 : 0),
  );
}

/**
 * A collective with garments (one item per nine sizes) and a first-come drop of `units` over
 * `variants`, scheduled to open `opensInSeconds` from now.
 */
export async function createScheduledDrop(
  admin: ApiClient,
  ownerEmail: string,
  options: { units: number; variants: number; perCustomerLimit: number; opensInSeconds: number },
): Promise<BenchDrop> {
  const slug = `bench-${randomBytes(3).toString('hex')}`;
  await admin.call('POST', '/admin/collectives', 201, { name: 'Bench label', slug, ownerEmail });
  const allocation = split(options.units, options.variants);
  const variantIds: string[] = [];
  for (let first = 0; first < options.variants; first += SIZES.length) {
    const sizes = allocation.slice(first, first + SIZES.length);
    const item = await admin.call<{ variants: Array<{ id: string }> }>(
      'POST',
      `/collectives/${slug}/items`,
      201,
      {
        kind: 'garment',
        title: `Bench hoodie ${first / SIZES.length + 1}`,
        attributes: { colour: 'washed black', material: '100% organic cotton' },
        variants: sizes.map((units, i) => ({
          sku: `${slug}-${first + i}`.toUpperCase(),
          label: `Hoodie ${SIZES[i]}`,
          attributes: { size: SIZES[i] },
          priceMinor: 8500,
          currency: 'EUR',
          editionSize: units,
          numbered: false,
        })),
      },
    );
    variantIds.push(...item.variants.map((v) => v.id));
  }
  const drop = await admin.call<{ id: string }>('POST', `/collectives/${slug}/drops`, 201, {
    name: 'Bench drop',
    slug: 'bench-drop',
    startsAt: new Date(Date.now() + options.opensInSeconds * 1000).toISOString(),
    holdSeconds: 3600,
    perCustomerLimit: options.perCustomerLimit,
    lines: variantIds.map((variantId, i) => ({ variantId, quantity: allocation[i] })),
  });
  await admin.call('POST', `/collectives/${slug}/drops/${drop.id}/schedule`, 200);
  return { id: drop.id, collectiveSlug: slug, variantIds, allocation };
}
