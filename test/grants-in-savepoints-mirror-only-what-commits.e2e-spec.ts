import {
  AdmissionGate,
  attemptGrant,
  expireJobIdFor,
  grantRefusal,
  HoldGrants,
  HOLDS_QUEUE,
  InventoryCounters,
} from '@limited-run/inventory';
import { constraintViolation, isUniqueViolation } from '@limited-run/platform';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource, type EntityManager } from 'typeorm';
import { createCrowd, type CrowdFan } from './support/crowd';
import { openLiveDrop } from './support/live-drop';
import { useApiOnTestDatabase } from './support/test-app';

// Raffle draws and second-chance passes grant many holds in one transaction, each in a savepoint
// (`attemptGrant`, a nested `manager.transaction`): a grant Postgres refuses must leave the
// others and the transaction intact, and only the grants that commit may reach Redis and the
// expiry queue (their after-commit steps go with a rolled-back savepoint).
describe('holds granted in savepoints: one refused leaves the rest, only what commits is mirrored', () => {
  const ctx = useApiOnTestDatabase();

  it('a refusal, a unique violation and a CHECK violation each roll back their savepoint only', async () => {
    const drop = await openLiveDrop(ctx.app, ctx.db, { units: [3], perCustomerLimit: 1 });
    const [variantId] = drop.variantIds;
    const [kept, dupe, over] = await createCrowd(ctx.app, ctx.db, 3);
    const gate = ctx.app.get(AdmissionGate);
    await ctx.app.get(InventoryCounters).rebuild(drop.id);
    expect(await gate.available(drop.id)).toEqual({ [variantId]: 3 });

    const grants = ctx.app.get(HoldGrants);
    const grant = (savepoint: EntityManager, fan: CrowdFan, key = `test:${fan.id}`) =>
      grants.grant(savepoint, {
        dropId: drop.id,
        variantId,
        userId: fan.id,
        quantity: 1,
        holdSeconds: 600,
        key,
        reason: 'granted by a test',
      });
    const rolledBack: string[] = [];

    const result = await ctx.app.get(DataSource).transaction(async (manager) => {
      const first = await attemptGrant(manager, (savepoint) => grant(savepoint, kept));
      // The fan's limit is 1: a second grant under another key is a refusal, not a failure.
      const again = await attemptGrant(manager, (savepoint) => grant(savepoint, kept, 'again'));
      // A grant, then a statement Postgres refuses in the same savepoint: both go.
      const unique = await attemptGrant(manager, async (savepoint) => {
        const hold = await grant(savepoint, dupe);
        rolledBack.push(hold.id);
        await savepoint.query(
          `INSERT INTO holds (drop_id, variant_id, user_id, quantity, status, expires_at,
                              idempotency_key, request_hash)
           SELECT drop_id, variant_id, user_id, quantity, status, expires_at,
                  idempotency_key, request_hash FROM holds WHERE id = $1`,
          [hold.id],
        );
      });
      const check = await attemptGrant(manager, async (savepoint) => {
        const hold = await grant(savepoint, over);
        rolledBack.push(hold.id);
        await savepoint.query(`UPDATE drop_lines SET held = held + 100 WHERE drop_id = $1`, [
          drop.id,
        ]);
      });
      // The transaction is still usable after all three: it reads and writes, then commits.
      const [{ n }] = await manager.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM holds WHERE drop_id = $1`,
        [drop.id],
      );
      await manager.query(`UPDATE drops SET updated_at = now() WHERE id = $1`, [drop.id]);
      return { first, again, unique, check, n };
    });

    expect(result.first.ok).toBe(true);
    expect(!result.again.ok && grantRefusal(result.again.error)).toBe('LIMIT_REACHED');
    expect(
      !result.unique.ok && isUniqueViolation(result.unique.error, 'UQ_holds_idempotency'),
    ).toBe(true);
    expect(!result.check.ok && constraintViolation(result.check.error)?.code).toBe('23514');
    expect(result.n).toBe(1);
    const heldId = result.first.ok ? result.first.value.id : '';
    expect(rolledBack).toHaveLength(2);

    // Postgres: one hold, its ledger row, one unit held, the fan's units counted once.
    const holds = await ctx.db.query('SELECT id, user_id FROM holds WHERE drop_id = $1', [drop.id]);
    expect(holds.rows).toEqual([{ id: heldId, user_id: kept.id }]);
    const ledger = await ctx.db.query(
      'SELECT hold_id, kind, quantity FROM inventory_movements WHERE drop_id = $1',
      [drop.id],
    );
    expect(ledger.rows).toEqual([{ hold_id: heldId, kind: 'hold', quantity: 1 }]);
    const lines = await ctx.db.query('SELECT held, sold FROM drop_lines WHERE drop_id = $1', [
      drop.id,
    ]);
    expect(lines.rows).toEqual([{ held: 1, sold: 0 }]);
    const fanUnits = await ctx.db.query(
      'SELECT user_id, units FROM drop_fan_units WHERE drop_id = $1',
      [drop.id],
    );
    expect(fanUnits.rows).toEqual([{ user_id: kept.id, units: 1 }]);

    // Redis and the expiry queue: the committed grant's steps ran, the rolled-back ones never.
    expect(await gate.available(drop.id)).toEqual({ [variantId]: 2 });
    const queue = ctx.app.get<Queue>(getQueueToken(HOLDS_QUEUE), { strict: false });
    expect(await queue.getJob(expireJobIdFor(heldId))).not.toBeNull();
    for (const holdId of rolledBack) {
      expect(await queue.getJob(expireJobIdFor(holdId))).toBeNull();
    }
  });
});
