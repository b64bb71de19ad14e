import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  drawProof,
  type FairnessProof,
  type PagedProofManifest,
  PROOF_PAGE_SIZE,
  type ProofPage,
  verifyPagedProof,
} from '@limited-run/fairness';
import { FairnessService } from '@limited-run/admission';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { verifyPagedProof as verifyInBrowser } from '../apps/web/src/fairness/verify-proof';
import { openLiveDrop, type LiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

const ENTRIES = 200_000;
const PAGES = Math.ceil(ENTRIES / PROOF_PAGE_SIZE);
const run = promisify(execFile);

/** `npm run verify:fairness -- <url>`, as a fan would run it: its exit code and output. */
async function cli(url: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'scripts/verify-fairness.ts',
        url,
      ],
      { cwd: join(__dirname, '..'), timeout: 120_000 },
    );
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/**
 * A draw of 200,000 entries is not one 20 MB document: at the draw it is stored as a small
 * manifest that commits to every page by hash, and pages of at most FAIRNESS_PROOF_PAGE_SIZE
 * entries, each a stored, compressed, immutable file. The CLI and the browser verifier check a
 * paged proof page by page, and a page that is not the one committed to is caught.
 */
describe('a large draw is served in pages that its manifest commits to', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let base: string;
  let drop: LiveDrop;
  let drawn: FairnessProof;

  beforeAll(async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [10, 5] });
    const fairness = ctx.app.get(FairnessService);
    const dataSource = ctx.app.get<DataSource>(getDataSourceToken());
    await dataSource.transaction(async (manager) => {
      const row = await fairness.ensureCommitment(manager, drop.id, 'raffle');
      drawn = drawProof({
        kind: 'raffle',
        dropId: drop.id,
        seed: row.seed,
        entries: Array.from({ length: ENTRIES }, (_, i) => ({
          id: randomUUID(),
          group: drop.variantIds[i % 2],
        })),
        units: { [drop.variantIds[0]]: 10, [drop.variantIds[1]]: 5 },
        drawnAt: new Date(),
      });
      await fairness.recordDraw(manager, drop.id, {
        entryCount: drawn.entryCount!,
        entryListHash: drawn.entryListHash!,
        entries: drawn.entries!,
        result: drawn.result!,
        drawnAt: new Date(drawn.drawnAt!),
      });
    });
  }, 120_000);

  it('stores a manifest and every page at the draw', async () => {
    const { rows } = await ctx.db.query<{ page: number; body_bytes: number; gzip_bytes: number }>(
      `SELECT page, body_bytes, octet_length(body_gzip) AS gzip_bytes FROM fairness_proof_pages
        WHERE drop_id = $1 ORDER BY page`,
      [drop.id],
    );
    expect(rows.map((r) => r.page)).toEqual(Array.from({ length: PAGES }, (_, i) => i));
    for (const row of rows) expect(row.gzip_bytes).toBeLessThan(row.body_bytes);
    const manifestBytes = await ctx.db.query<{ body_bytes: number }>(
      `SELECT body_bytes FROM fairness_proof_files WHERE drop_id = $1`,
      [drop.id],
    );
    // The manifest holds hashes and winners, not the 200,000 entries.
    expect(manifestBytes.rows[0].body_bytes).toBeLessThan(20_000);
  });

  it('serves the manifest and each page as a cacheable, compressed file; both verifiers match', async () => {
    const rebuilt = jest.spyOn(ctx.app.get(FairnessService), 'drawn');
    const res = await http().get(`/drops/${drop.id}/fairness`).set('accept-encoding', 'gzip');
    expect(res.status).toBe(200);
    const manifest = res.body as PagedProofManifest;
    expect(manifest).toMatchObject({
      entryCount: ENTRIES,
      entryListHash: drawn.entryListHash,
      entries: null,
      result: { order: null, winners: drawn.result?.winners },
      pages: { size: PROOF_PAGE_SIZE, count: PAGES },
    });
    const pages: ProofPage[] = [];
    for (let page = 0; page < PAGES; page++) {
      const answer = await http()
        .get(`/drops/${drop.id}/fairness/pages/${page}`)
        .set('accept-encoding', 'gzip');
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe('gzip');
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(answer.headers['etag']).toMatch(/^"[0-9a-f]{64}"$/);
      const body = answer.body as ProofPage;
      expect(body.page).toBe(page);
      expect(body.entries.length).toBeLessThanOrEqual(PROOF_PAGE_SIZE);
      await http()
        .get(`/drops/${drop.id}/fairness/pages/${page}`)
        .set('if-none-match', answer.headers['etag'])
        .expect(304);
      pages.push(body);
    }
    expect(rebuilt).not.toHaveBeenCalled();
    expect(verifyPagedProof(manifest, pages)).toMatchObject({ matches: true, problems: [] });
    const browser = await verifyInBrowser(manifest, pages);
    expect(browser).toMatchObject({ matches: true, problems: [], entryCount: ENTRIES });
    expect(browser.winners).toEqual(drawn.result?.winners);
    // Past the last page, or not a page number: a clear 4xx.
    const past = await http().get(`/drops/${drop.id}/fairness/pages/${PAGES}`);
    expect(past.status).toBe(404);
    expect(past.body.error.code).toBe('NO_FAIRNESS_PROOF_PAGE');
    expect((await http().get(`/drops/${drop.id}/fairness/pages/-1`)).status).toBe(400);
    // Recomputing 200,000 HMACs twice (node:crypto, then Web Crypto) on a shared machine.
  }, 180_000);

  it('is verified by `npm run verify:fairness` from its URL, and a swapped page is caught', async () => {
    const honest = await cli(`${base}/drops/${drop.id}/fairness`);
    expect(honest.out).toContain(`MATCH: raffle of drop ${drop.id}`);
    expect(honest.code).toBe(0);

    // One page on the server replaced: two of its entries trade places in the order.
    const page = (
      await http().get(`/drops/${drop.id}/fairness/pages/3`).set('accept-encoding', 'identity')
    ).body as ProofPage;
    [page.order[0], page.order[1]] = [page.order[1], page.order[0]];
    await ctx.db.query(
      `UPDATE fairness_proof_pages SET body_gzip = $3 WHERE drop_id = $1 AND page = $2`,
      [drop.id, 3, gzipSync(Buffer.from(JSON.stringify(page)))],
    );
    const tampered = await cli(`${base}/drops/${drop.id}/fairness`);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain('MISMATCH');
    expect(tampered.out).toContain(
      'page 3 is not the page the manifest committed to (its hash differs)',
    );
  }, 180_000);
});
