import './support/env/tight-proof-downloads';
import { randomUUID } from 'node:crypto';
import { drawProof, type FairnessProof, verifyProof } from '@limited-run/fairness';
import { FairnessService } from '@limited-run/admission';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { openLiveDrop, type LiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

const ENTRIES = 20_000;

/**
 * A drawn proof is built once, when the draw is recorded, and stored compressed; downloads send
 * the stored bytes with a strong ETag and immutable cache headers, never rebuilding it, and one
 * address can pull it only so often.
 */
describe('a drawn fairness proof is a stored, compressed, cacheable file', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let drop: LiveDrop;
  let drawnProof: FairnessProof;

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [10] });
    const fairness = ctx.app.get(FairnessService);
    const dataSource = ctx.app.get<DataSource>(getDataSourceToken());
    await dataSource.transaction(async (manager) => {
      const row = await fairness.ensureCommitment(manager, drop.id, 'raffle');
      drawnProof = drawProof({
        kind: 'raffle',
        dropId: drop.id,
        seed: row.seed,
        entries: Array.from({ length: ENTRIES }, () => ({
          id: randomUUID(),
          group: drop.variantIds[0],
        })),
        units: { [drop.variantIds[0]]: 10 },
        drawnAt: new Date(),
      });
      await fairness.recordDraw(manager, drop.id, {
        entryCount: drawnProof.entryCount!,
        entryListHash: drawnProof.entryListHash!,
        entries: drawnProof.entries!,
        result: drawnProof.result!,
        drawnAt: new Date(drawnProof.drawnAt!),
      });
    });
  });

  it('stores the file at the draw, once', async () => {
    const { rows } = await ctx.db.query<{ body_bytes: number; gzip_bytes: number }>(
      `SELECT body_bytes, octet_length(body_gzip) AS gzip_bytes FROM fairness_proof_files
        WHERE drop_id = $1`,
      [drop.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].gzip_bytes).toBeLessThan(rows[0].body_bytes);
  });

  it('serves the stored bytes, gzip-compressed, immutable, never rebuilding the proof', async () => {
    const rebuilt = jest.spyOn(ctx.app.get(FairnessService), 'drawn');
    const gz = await http()
      .get(`/drops/${drop.id}/fairness`)
      .set('accept-encoding', 'gzip')
      .expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gz.headers['etag']).toMatch(/^"[0-9a-f]{64}"$/);
    const plain = await http().get(`/drops/${drop.id}/fairness`).set('accept-encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(gz.body);
    expect(rebuilt).not.toHaveBeenCalled();

    const proof = gz.body as FairnessProof;
    expect(proof.entryCount).toBe(ENTRIES);
    expect(proof.entryListHash).toBe(drawnProof.entryListHash);
    expect(verifyProof(proof)).toMatchObject({ matches: true, problems: [] });

    const again = await http()
      .get(`/drops/${drop.id}/fairness`)
      .set('if-none-match', gz.headers['etag'])
      .expect(304);
    expect(again.text ?? '').toBe('');
  });

  it('limits how often one address downloads it', async () => {
    let refused: request.Response | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      const res = await http().get(`/drops/${drop.id}/fairness`).set('accept-encoding', 'gzip');
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(200);
    }
    expect(refused?.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
  });
});
