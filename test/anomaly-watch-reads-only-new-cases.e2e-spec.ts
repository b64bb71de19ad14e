import './support/env/anomaly-watch-by-hand';
import { AnomalyWatch } from '@limited-run/monitoring';
import { createAccount } from './support/accounts';
import { openLiveDrop } from './support/live-drop';
import { placeHold, runOutHold } from './support/payments';
import { useApiOnTestDatabase } from './support/test-app';

jest.setTimeout(120_000);

/**
 * The watch's detectors list their cases through the owners' readers, which take the "not
 * raised yet" condition into the statement with the limit: each pass raises at most 100 new
 * cases per kind, reaches the ones beyond the first 100 on the next pass, and never raises or
 * counts a case again (however long the list of failed mail grows).
 */
describe('the anomaly watch reads only new cases, at most 100 per kind per pass', () => {
  const ctx = useApiOnTestDatabase();

  const raisedOf = async (kind: string) =>
    (
      await ctx.db.query<{ subject_id: string; occurrences: number }>(
        `SELECT subject_id, occurrences FROM anomalies WHERE kind = $1`,
        [kind],
      )
    ).rows;

  it('150 failed mails: 100 raised, then the other 50, then none; each once', async () => {
    await ctx.db.query(
      `INSERT INTO notifications (recipient_email, template, status, attempts)
       SELECT 'fan-' || g || '@example.com', 'welcome', 'failed', 5 FROM generate_series(1, 150) g`,
    );
    // Failed alert mail is never raised: its own alert would be a mail too.
    await ctx.db.query(
      `INSERT INTO notifications (recipient_email, template, status, attempts)
       VALUES ('admin@example.com', 'anomaly-alert', 'failed', 5)`,
    );
    const watch = ctx.app.get(AnomalyWatch);

    await watch.scan();
    expect(await raisedOf('mail_failed')).toHaveLength(100);
    await watch.scan();
    await watch.scan();
    const raised = await raisedOf('mail_failed');
    expect(raised).toHaveLength(150);
    expect(new Set(raised.map((a) => a.subject_id)).size).toBe(150);
    // Skipped, not seen again: a raised case is not even counted as another sighting.
    expect(raised.every((a) => a.occurrences === 1)).toBe(true);
    const { rows: failed } = await ctx.db.query<{ id: string }>(
      `SELECT id FROM notifications WHERE status = 'failed' AND template = 'welcome'`,
    );
    expect(new Set(raised.map((a) => a.subject_id))).toEqual(new Set(failed.map((n) => n.id)));
  });

  it("an overdue drop and hold are raised once, with the drop's collective", async () => {
    const drop = await openLiveDrop(ctx.app, ctx.db, { units: [5], endsInSeconds: 3600 });
    const fan = await createAccount(ctx.app, ctx.db);
    const holdId = await placeHold(ctx.app, fan, drop.id, drop.variantIds[0]);
    // Started a minute ago, so its end can be a second ago.
    await ctx.db.query(
      `UPDATE drops SET starts_at = now() - interval '1 minute', ends_at = now() - interval '1 second'
        WHERE id = $1`,
      [drop.id],
    );
    await runOutHold(ctx.db, holdId);
    const watch = ctx.app.get(AnomalyWatch);

    await watch.scan();
    await watch.scan();
    const { rows } = await ctx.db.query<{
      kind: string;
      subject_id: string;
      drop_id: string;
      collective_id: string;
      occurrences: number;
    }>(
      `SELECT a.kind, a.subject_id, a.drop_id, a.collective_id, a.occurrences
         FROM anomalies a WHERE a.kind IN ('drop_overdue', 'hold_overdue') ORDER BY a.kind`,
    );
    const { rows: owners } = await ctx.db.query<{ collective_id: string }>(
      `SELECT collective_id FROM drops WHERE id = $1`,
      [drop.id],
    );
    const collectiveId = owners[0].collective_id;
    expect(rows).toEqual([
      {
        kind: 'drop_overdue',
        subject_id: drop.id,
        drop_id: drop.id,
        collective_id: collectiveId,
        occurrences: 1,
      },
      {
        kind: 'hold_overdue',
        subject_id: holdId,
        drop_id: drop.id,
        collective_id: collectiveId,
        occurrences: 1,
      },
    ]);
  });
});
