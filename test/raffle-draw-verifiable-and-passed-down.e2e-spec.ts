import './support/env/waitlist-fast-sweep';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FairnessProof, verifyProof } from '@limited-run/fairness';
import { EarlyAccessPolicy } from '@limited-run/admission';
import { HoldSales } from '@limited-run/inventory';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createCrowd, type CrowdFan } from './support/crowd';
import { createDrop, createItem, hoodie, inSeconds, scheduleDrop } from './support/drops';
import { eventually, useApiOnTestDatabase } from './support/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

/** `npm run verify:fairness -- <source>` as a user runs it: exit code and output. */
async function verifier(source: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      [
        join(ROOT, 'node_modules/ts-node/dist/bin.js'),
        '-r',
        'tsconfig-paths/register',
        '--transpile-only',
        join(ROOT, 'scripts/verify-fairness.ts'),
        source,
      ],
      { cwd: ROOT, timeout: 60_000 },
    );
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('a raffle: one entry per fan, a committed seed, a verifiable draw, wins passed down', () => {
  const ctx = useApiOnTestDatabase({ listen: true, worker: true });
  let owner: TestAccount;
  let fans: CrowdFan[];
  let baseUrl: string;
  const slug = 'night-shift';
  const http = () => request(ctx.app.getHttpServer());

  beforeAll(async () => {
    baseUrl = await ctx.app.getUrl();
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, slug, 'Night Shift');
    fans = await createCrowd(ctx.app, ctx.db, 42);
  }, 60_000);

  it('commits before entries, draws at the cutoff, proves it, and passes an unclaimed win down', async () => {
    const item = await createItem(ctx.app, owner, slug, hoodie('RF'));
    const [small, medium, large] = item.variants;
    const units = { [small.id]: 2, [medium.id]: 3, [large.id]: 1 };
    const draft = await createDrop(ctx.app, owner, slug, {
      name: 'Raffle capsule',
      slug: 'raffle-capsule',
      releaseMode: 'raffle',
      entryClosesAt: inSeconds(8),
      startsAt: inSeconds(30),
      perCustomerLimit: 1,
      lines: item.variants.map((v) => ({ variantId: v.id, quantity: units[v.id] })),
    });
    const dropId = draft.id;
    // A draft is nobody's business, its draw included.
    await http().get(`/drops/${dropId}/fairness`).expect(404);
    await scheduleDrop(ctx.app, owner, slug, dropId);

    // Before any entry: the commitment is public, the seed is not.
    const before = (await http().get(`/drops/${dropId}/fairness`).expect(200))
      .body as FairnessProof;
    expect(before).toMatchObject({
      version: 1,
      kind: 'raffle',
      dropId,
      seed: null,
      entries: null,
      result: null,
      drawnAt: null,
    });
    expect(before.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyProof(before).matches).toBe(false);
    expect((await http().get(`/drops/${dropId}/raffle`).expect(200)).body).toMatchObject({
      entries: 0,
      units: 6,
      odds: 1,
      drawnAt: null,
    });

    // Bad entries are refused and write nothing.
    const stranger = fans[0];
    await http()
      .post(`/drops/${dropId}/raffle/entries`)
      .set('authorization', stranger.bearer)
      .send({})
      .expect(400);
    const unknownVariant = await http()
      .post(`/drops/${dropId}/raffle/entries`)
      .set('authorization', stranger.bearer)
      .send({ variantId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
    expect(unknownVariant.body.error.code).toBe('VARIANT_NOT_IN_DROP');
    await http()
      .post(`/drops/${dropId}/waitlist`)
      .set('authorization', stranger.bearer)
      .expect(409);
    const none = await ctx.db.query('SELECT count(*)::int AS n FROM raffle_entries');
    expect(none.rows[0].n).toBe(0);

    // One fan racing five entries gets one; the database enforces it.
    const racer = fans[1];
    const raced = await Promise.all(
      Array.from({ length: 5 }, () =>
        http()
          .post(`/drops/${dropId}/raffle/entries`)
          .set('authorization', racer.bearer)
          .send({ variantId: medium.id }),
      ),
    );
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(raced.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(
      Array(4).fill('ALREADY_ENTERED'),
    );

    // Everyone else enters, sizes round-robin; one withdraws and comes back, one leaves for good.
    const entrants = fans.slice(2);
    const sizeOf = (i: number) => item.variants[i % 3].id;
    await Promise.all(
      entrants.map((fan, i) =>
        http()
          .post(`/drops/${dropId}/raffle/entries`)
          .set('authorization', fan.bearer)
          .send({ variantId: sizeOf(i) })
          .expect(201),
      ),
    );
    const [comesBack, leaves] = entrants;
    await http()
      .delete(`/drops/${dropId}/raffle/entries`)
      .set('authorization', comesBack.bearer)
      .expect(204);
    await http()
      .get(`/drops/${dropId}/raffle/me`)
      .set('authorization', comesBack.bearer)
      .expect(404);
    await http()
      .post(`/drops/${dropId}/raffle/entries`)
      .set('authorization', comesBack.bearer)
      .send({ variantId: small.id })
      .expect(201);
    await http()
      .delete(`/drops/${dropId}/raffle/entries`)
      .set('authorization', leaves.bearer)
      .expect(204);
    const mine = await http()
      .get(`/drops/${dropId}/raffle/me`)
      .set('authorization', racer.bearer)
      .expect(200);
    expect(mine.body).toMatchObject({
      status: 'entered',
      rank: null,
      entries: 40,
      units: 6,
      holdId: null,
    });

    // The commitment never moved; the seed behind it is stored but was never shown.
    const again = (await http().get(`/drops/${dropId}/fairness`).expect(200)).body as FairnessProof;
    expect(again.commitment).toBe(before.commitment);
    expect(again.seed).toBeNull();

    // Nobody, not even a direct write, can swap the seed behind the published commitment.
    const swapSeed = `UPDATE drop_fairness
        SET seed = $2::text, commitment = encode(sha256(decode($2::text, 'hex')), 'hex') WHERE drop_id = $1`;
    await expect(ctx.db.query(swapSeed, [dropId, 'b'.repeat(64)])).rejects.toThrow(
      /the seed and its commitment never change/,
    );
    await expect(
      ctx.db.query(`UPDATE drop_fairness SET commitment = $2 WHERE drop_id = $1`, [
        dropId,
        'c'.repeat(64),
      ]),
    ).rejects.toThrow(/never change|CHK_drop_fairness_commitment/);

    // The worker draws at the cutoff.
    const proof = await eventually(async () => {
      const res = await http().get(`/drops/${dropId}/fairness`).expect(200);
      return res.body.drawnAt ? (res.body as FairnessProof) : undefined;
    }, 20_000);
    expect(proof.commitment).toBe(before.commitment);
    expect(proof.entryCount).toBe(40);
    expect(proof.result?.units).toEqual(units);
    expect(proof.result?.winners).toHaveLength(6);
    const stored = await ctx.db.query('SELECT seed FROM drop_fairness WHERE drop_id = $1', [
      dropId,
    ]);
    expect(proof.seed).toBe(stored.rows[0].seed);
    await expect(
      ctx.db.query(`UPDATE drop_fairness SET result = '{}'::jsonb WHERE drop_id = $1`, [dropId]),
    ).rejects.toThrow(/a drawn order never changes/);
    const late = await http()
      .post(`/drops/${dropId}/raffle/entries`)
      .set('authorization', leaves.bearer)
      .send({ variantId: small.id })
      .expect(409);
    expect(late.body.error.code).toBe('RAFFLE_CLOSED');

    // The verifier, fed only the public proof, reproduces the winners...
    const report = verifyProof(proof);
    expect(report).toMatchObject({ matches: true, problems: [] });
    expect(report.winners).toEqual(proof.result?.winners);
    const dir = mkdtempSync(join(tmpdir(), 'proof-'));
    const file = join(dir, 'proof.json');
    writeFileSync(file, JSON.stringify(proof));
    const fromFile = await verifier(file);
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toMatch(/^MATCH: raffle of drop .*40 entries/);
    const fromUrl = await verifier(`${baseUrl}/drops/${dropId}/fairness`);
    expect(fromUrl).toMatchObject({ code: 0, out: expect.stringMatching(/^MATCH/) });
    // ...and says so when the seed, one entry or the order is not the published one.
    const tampered = (change: (p: FairnessProof) => void): string => {
      const copy = JSON.parse(readFileSync(file, 'utf8')) as FairnessProof;
      change(copy);
      const path = join(dir, `tampered-${Math.random()}.json`);
      writeFileSync(path, JSON.stringify(copy));
      return path;
    };
    for (const path of [
      tampered((p) => (p.seed = 'a'.repeat(64))),
      tampered(
        (p) => (p.entries![5] = p.entries![5].replace(/^./, (c) => (c === 'f' ? 'e' : 'f'))),
      ),
      tampered((p) => p.result!.order.reverse()),
    ]) {
      const mismatch = await verifier(path);
      expect(mismatch.code).toBe(1);
      expect(mismatch.out).toMatch(/^MISMATCH/);
    }

    // Every entry is ranked as drawn; the winners hold a unit of the size they chose.
    const entries = await ctx.db.query<{
      id: string;
      user_id: string;
      variant_id: string;
      status: string;
      rank: number;
      hold_id: string | null;
    }>(
      `SELECT id, user_id, variant_id, status, rank, hold_id FROM raffle_entries
         WHERE drop_id = $1 AND status <> 'withdrawn' ORDER BY rank`,
      [dropId],
    );
    expect(entries.rows.map((e) => e.id)).toEqual(proof.result?.order);
    const winners = new Set(proof.result?.winners);
    for (const entry of entries.rows) {
      expect(entry.status).toBe(winners.has(entry.id) ? 'won' : 'in_line');
    }
    const holds = await ctx.db.query<{
      user_id: string;
      variant_id: string;
      status: string;
      id: string;
    }>(`SELECT id, user_id, variant_id, status FROM holds WHERE drop_id = $1`, [dropId]);
    expect(holds.rows).toHaveLength(6);
    for (const hold of holds.rows) {
      const entry = entries.rows.find((e) => e.hold_id === hold.id)!;
      expect(winners.has(entry.id)).toBe(true);
      expect(hold).toMatchObject({
        user_id: entry.user_id,
        variant_id: entry.variant_id,
        status: 'active',
      });
    }
    const lines = await ctx.db.query('SELECT variant_id, held FROM drop_lines WHERE drop_id = $1', [
      dropId,
    ]);
    expect(Object.fromEntries(lines.rows.map((l) => [l.variant_id, l.held]))).toEqual(units);
    const outbox = await ctx.db.query<{ template: string; n: number }>(
      `SELECT template, count(*)::int AS n FROM notifications
        WHERE payload->>'dropId' = $1 GROUP BY template ORDER BY template`,
      [dropId],
    );
    expect(outbox.rows).toEqual([
      { template: 'raffle-in-line', n: 34 },
      { template: 'raffle-won', n: 6 },
    ]);

    // Nobody holds a raffle's units by asking: the hold path's policy says no.
    expect(await ctx.app.get(EarlyAccessPolicy).mayHold(null, dropId, fans[0].id)).toBe(false);

    // A medium winner lets the unit go unpaid: it passes to the next medium entry in drawn order.
    const mediumWinner = entries.rows.find(
      (e) => e.status === 'won' && e.variant_id === medium.id,
    )!;
    const nextMedium = entries.rows.find(
      (e) => e.status === 'in_line' && e.variant_id === medium.id,
    )!;
    const winnerFan = fans.find((f) => f.id === mediumWinner.user_id)!;
    const won = await http()
      .get(`/drops/${dropId}/raffle/me`)
      .set('authorization', winnerFan.bearer)
      .expect(200);
    expect(won.body).toMatchObject({
      status: 'won',
      rank: mediumWinner.rank,
      holdId: mediumWinner.hold_id,
    });
    // The entry shows its hold's claim deadline (read through inventory's reader of holds).
    const wonHold = await ctx.db.query<{ expires_at: Date }>(
      'SELECT expires_at FROM holds WHERE id = $1',
      [mediumWinner.hold_id],
    );
    expect(won.body.holdExpiresAt).toBe(wonHold.rows[0].expires_at.toISOString());
    await http()
      .delete(`/drops/${dropId}/holds/${mediumWinner.hold_id}`)
      .set('authorization', winnerFan.bearer)
      .expect(200);
    const passed = await eventually(async () => {
      const rows = await ctx.db.query<{ status: string; hold_id: string | null }>(
        'SELECT status, hold_id FROM raffle_entries WHERE id = $1',
        [nextMedium.id],
      );
      return rows.rows[0].status === 'offered' ? rows.rows[0] : undefined;
    }, 15_000);
    const offeredHold = await ctx.db.query(
      'SELECT user_id, variant_id, status FROM holds WHERE id = $1',
      [passed.hold_id],
    );
    expect(offeredHold.rows[0]).toEqual({
      user_id: nextMedium.user_id,
      variant_id: medium.id,
      status: 'active',
    });
    const lapsed = await ctx.db.query('SELECT status FROM raffle_entries WHERE id = $1', [
      mediumWinner.id,
    ]);
    expect(lapsed.rows[0].status).toBe('lapsed');
    // Only that one moved: every other entry in line keeps waiting.
    const offered = await ctx.db.query(
      `SELECT count(*)::int AS n FROM raffle_entries WHERE drop_id = $1 AND status = 'offered'`,
      [dropId],
    );
    expect(offered.rows[0].n).toBe(1);
    const told = await ctx.db.query(
      `SELECT recipient_user_id FROM notifications WHERE template = 'second-chance-offer' AND payload->>'dropId' = $1`,
      [dropId],
    );
    expect(told.rows).toEqual([{ recipient_user_id: nextMedium.user_id }]);

    // A winner whose hold is paid (converted, as settlement does) keeps the unit: the pass-down
    // marks the entry claimed and offers nobody else that unit.
    const largeWinner = entries.rows.find((e) => e.status === 'won' && e.variant_id === large.id)!;
    await ctx.app
      .get(DataSource)
      .transaction((manager) =>
        ctx.app.get(HoldSales).convert(manager, largeWinner.hold_id!, 'raffle win paid'),
      );
    await eventually(async () => {
      const rows = await ctx.db.query<{ status: string }>(
        'SELECT status FROM raffle_entries WHERE id = $1',
        [largeWinner.id],
      );
      return rows.rows[0].status === 'claimed' ? true : undefined;
    }, 15_000);
    const offeredAfterClaim = await ctx.db.query(
      `SELECT count(*)::int AS n FROM raffle_entries WHERE drop_id = $1 AND status = 'offered'`,
      [dropId],
    );
    expect(offeredAfterClaim.rows[0].n).toBe(1);
  }, 90_000);
});
