import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import {
  catalogSnapshot,
  createDrop,
  createItem,
  inSeconds,
  scheduleDrop,
  type TestVariant,
} from './support/drops';
import { useApiOnTestDatabase } from './support/test-app';

describe("a variant's allocations across drops never exceed its edition size", () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  const slug = 'night-shift';
  let owner: TestAccount;
  let itemId: string;
  let skus = 0;

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, slug);
    const item = await createItem(ctx.app, owner, slug, {
      kind: 'vinyl',
      title: 'Afterhours LP',
      attributes: { format: 'LP', rpm: 33 },
    });
    itemId = item.id;
  });

  /** A fresh pressing of `editionSize` copies, so each test starts from an empty edition. */
  const newVariant = async (editionSize: number): Promise<TestVariant> => {
    skus++;
    const res = await http()
      .post(`/collectives/${slug}/items/${itemId}/variants`)
      .set('authorization', owner.bearer)
      .send({
        sku: `LP-${skus}`,
        label: `Pressing ${skus}`,
        attributes: { colourway: 'black', weightGrams: 180, pressing: skus },
        priceMinor: 2800,
        currency: 'EUR',
        editionSize,
      })
      .expect(201);
    return res.body as TestVariant;
  };

  const allocationOf = async (variantId: string) =>
    (
      await ctx.db.query<{ allocated: number; edition_size: number; in_lines: number }>(
        `SELECT v.allocated, v.edition_size,
                (SELECT coalesce(sum(l.quantity_allocated), 0)::int FROM drop_lines l
                   JOIN drops d ON d.id = l.drop_id
                  WHERE l.variant_id = v.id AND d.state <> 'cancelled') AS in_lines
           FROM variants v WHERE v.id = $1`,
        [variantId],
      )
    ).rows[0];

  let drops = 0;
  const draftBody = (lines: Array<{ variantId: string; quantity: number }> = []) => {
    drops++;
    return { name: `Drop ${drops}`, slug: `drop-${drops}`, startsAt: inSeconds(3600), lines };
  };

  it('a line asking for more than is unallocated → 409 VARIANT_OVER_ALLOCATED, and nothing is written', async () => {
    const variant = await newVariant(10);
    await createDrop(ctx.app, owner, slug, draftBody([{ variantId: variant.id, quantity: 7 }]));
    const before = await catalogSnapshot(ctx.db);

    const res = await http()
      .post(`/collectives/${slug}/drops`)
      .set('authorization', owner.bearer)
      .send(draftBody([{ variantId: variant.id, quantity: 4 }]))
      .expect(409);
    expect(res.body.error.code).toBe('VARIANT_OVER_ALLOCATED');
    expect(res.body.error.details[0]).toMatchObject({
      field: 'lines.0.quantity',
      variantId: variant.id,
      editionSize: 10,
      allocated: 7,
      requested: 4,
    });
    expect(await catalogSnapshot(ctx.db)).toEqual(before);
  });

  it('twelve drops racing for one edition of 10, 3 units each: exactly three get their line', async () => {
    const variant = await newVariant(10);
    const bodies = Array.from({ length: 12 }, () =>
      draftBody([{ variantId: variant.id, quantity: 3 }]),
    );
    const responses = await Promise.all(
      bodies.map((body) =>
        http().post(`/collectives/${slug}/drops`).set('authorization', owner.bearer).send(body),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(refused.body.error.code).toBe('VARIANT_OVER_ALLOCATED');
    }
    expect(await allocationOf(variant.id)).toEqual({ allocated: 9, edition_size: 10, in_lines: 9 });
    // The refused drops were not created at all.
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS n FROM drops WHERE slug = ANY($1)`,
      [bodies.map((b) => b.slug)],
    );
    expect(rows[0].n).toBe(3);
  });

  it('lines set on many drafts at once, and a lower edition racing them, never pass the edition', async () => {
    const variant = await newVariant(20);
    const drafts = await Promise.all(
      Array.from({ length: 10 }, () => createDrop(ctx.app, owner, slug, draftBody())),
    );
    const results = await Promise.all([
      ...drafts.map((d) =>
        http()
          .put(`/collectives/${slug}/drops/${d.id}/lines/${variant.id}`)
          .set('authorization', owner.bearer)
          .send({ quantity: 3 }),
      ),
      http()
        .patch(`/collectives/${slug}/items/${itemId}/variants/${variant.id}`)
        .set('authorization', owner.bearer)
        .send({ editionSize: 12 }),
    ]);
    const lines = results.slice(0, drafts.length);
    const lowered = results[drafts.length];
    const placed = lines.filter((r) => r.status === 200).length;
    expect(lines.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect([200, 409]).toContain(lowered.status);
    if (lowered.status === 409) expect(lowered.body.error.code).toBe('EDITION_BELOW_ALLOCATED');

    const final = await allocationOf(variant.id);
    expect(final.allocated).toBe(placed * 3);
    expect(final.in_lines).toBe(placed * 3);
    expect(final.allocated).toBeLessThanOrEqual(final.edition_size);
    expect(final.edition_size).toBe(lowered.status === 200 ? 12 : 20);
  });

  it('the edition size cannot fall below the allocated units (409 EDITION_BELOW_ALLOCATED, nothing written)', async () => {
    const variant = await newVariant(10);
    await createDrop(ctx.app, owner, slug, draftBody([{ variantId: variant.id, quantity: 6 }]));
    const before = await catalogSnapshot(ctx.db);
    const res = await http()
      .patch(`/collectives/${slug}/items/${itemId}/variants/${variant.id}`)
      .set('authorization', owner.bearer)
      .send({ editionSize: 5, label: 'Renamed' })
      .expect(409);
    expect(res.body.error).toMatchObject({
      code: 'EDITION_BELOW_ALLOCATED',
      details: [{ field: 'editionSize', allocated: 6 }],
    });
    expect(await catalogSnapshot(ctx.db)).toEqual(before);

    const ok = await http()
      .patch(`/collectives/${slug}/items/${itemId}/variants/${variant.id}`)
      .set('authorization', owner.bearer)
      .send({ editionSize: 6 })
      .expect(200);
    expect(ok.body).toMatchObject({ editionSize: 6, allocated: 6, unallocated: 0 });
  });

  it('growing, shrinking and removing lines, and cancelling drafts and scheduled drops, give units back', async () => {
    const variant = await newVariant(10);
    const draft = await createDrop(
      ctx.app,
      owner,
      slug,
      draftBody([{ variantId: variant.id, quantity: 4 }]),
    );
    const line = (quantity: number) =>
      http()
        .put(`/collectives/${slug}/drops/${draft.id}/lines/${variant.id}`)
        .set('authorization', owner.bearer)
        .send({ quantity });

    await line(9).expect(200);
    expect((await allocationOf(variant.id)).allocated).toBe(9);
    expect((await line(11).expect(409)).body.error.code).toBe('VARIANT_OVER_ALLOCATED');
    expect((await allocationOf(variant.id)).allocated).toBe(9);
    await line(2).expect(200);
    expect((await allocationOf(variant.id)).allocated).toBe(2);

    const removed = await http()
      .delete(`/collectives/${slug}/drops/${draft.id}/lines/${variant.id}`)
      .set('authorization', owner.bearer)
      .expect(200);
    expect(removed.body.lines).toEqual([]);
    expect((await allocationOf(variant.id)).allocated).toBe(0);

    await line(5).expect(200);
    await http()
      .post(`/collectives/${slug}/drops/${draft.id}/cancel`)
      .set('authorization', owner.bearer)
      .expect(200);
    expect((await allocationOf(variant.id)).allocated).toBe(0);

    const scheduled = await createDrop(
      ctx.app,
      owner,
      slug,
      draftBody([{ variantId: variant.id, quantity: 10 }]),
    );
    await scheduleDrop(ctx.app, owner, slug, scheduled.id);
    expect((await allocationOf(variant.id)).allocated).toBe(10);
    const cancelled = await http()
      .post(`/collectives/${slug}/drops/${scheduled.id}/cancel`)
      .set('authorization', owner.bearer)
      .expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect(await allocationOf(variant.id)).toEqual({ allocated: 0, edition_size: 10, in_lines: 0 });
  });
});
