import { randomUUID } from 'node:crypto';
import { activeAdminContacts } from '@limited-run/identity';
import { NotificationsService } from '@limited-run/notifications';
import { afterCommit, PlatformConfig } from '@limited-run/platform';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AnomalyEvents } from './anomaly-events';
import { AnomalyWebhook } from './anomaly-webhook';
import { Anomaly } from './anomaly.entity';
import { ANOMALIES_QUEUE, AnomalyJob, type DeliverAnomalyWebhookJob } from './anomalies.queue';

/** Anomalies one alert lists; more wait for the next pass (each is still alerted once). */
export const ALERT_BATCH_MAX = 50;
/** Anomalies a mail spells out; the rest of the batch is counted. */
const MAIL_LISTS_MAX = 20;

/**
 * Tells admins about anomalies nobody was told about yet. A pass claims unalerted rows by
 * stamping `alerted_at` in the same transaction that writes one outbox mail per admin, so a
 * row is alerted exactly once whatever runs the pass, however often; the webhook is queued
 * after commit with the batch id as job id (retried by Bull, never sent for another batch).
 * Passes run at most once per ANOMALY_SCAN_SECONDS: a storm of anomalies is one mail per admin
 * per pass, never one per anomaly.
 */
@Injectable()
export class AnomalyAlerts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly webhook: AnomalyWebhook,
    private readonly events: AnomalyEvents,
    private readonly config: PlatformConfig,
    @InjectQueue(ANOMALIES_QUEUE) private readonly queue: Queue<DeliverAnomalyWebhookJob>,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AnomalyAlerts.name);
  }

  /** One pass; returns the anomalies it alerted. */
  async alertPending(): Promise<Anomaly[]> {
    const batchId = randomUUID();
    const claimed = await this.dataSource.transaction(async (manager) => {
      const rows = await this.claimUnalerted(manager);
      if (rows.length === 0) return rows;
      await this.mailAdmins(manager, batchId, rows);
      if (this.webhook.configured) {
        await afterCommit(manager, 'queue the anomaly webhook', () =>
          this.queueWebhook(batchId, rows),
        );
      }
      await afterCommit(manager, 'publish the alerted anomalies', () => this.events.publish(rows));
      return rows;
    });
    if (claimed.length > 0) {
      this.logger.warn({ batchId, anomalies: claimed.length }, 'admins alerted of new anomalies');
    }
    return claimed;
  }

  /** Up to a batch of unalerted anomalies, oldest first, stamped alerted in this transaction. */
  private async claimUnalerted(manager: EntityManager): Promise<Anomaly[]> {
    const picked = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM anomalies WHERE alerted_at IS NULL
        ORDER BY raised_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [ALERT_BATCH_MAX],
    );
    if (picked.length === 0) return [];
    const ids = picked.map((row) => row.id);
    await manager.query(`UPDATE anomalies SET alerted_at = now() WHERE id = ANY($1)`, [ids]);
    return manager
      .getRepository(Anomaly)
      .find({ where: { id: In(ids) }, order: { raisedAt: 'ASC', id: 'ASC' } });
  }

  /** One outbox mail per active admin; each is queued once this commits (or by the sweep). */
  private async mailAdmins(
    manager: EntityManager,
    batchId: string,
    rows: readonly Anomaly[],
  ): Promise<void> {
    const admins = await activeAdminContacts(manager);
    const payload = {
      batchId,
      anomalies: rows
        .slice(0, MAIL_LISTS_MAX)
        .map((a) => ({ id: a.id, kind: a.kind, summary: a.summary })),
      anomalyIds: rows.map((a) => a.id),
      more: Math.max(rows.length - MAIL_LISTS_MAX, 0),
      monitorUrl: this.config.webUrl('/monitor/anomalies'),
    };
    for (const admin of admins) {
      await this.notifications.record(manager, {
        recipientUserId: admin.id,
        recipientEmail: admin.email,
        template: 'anomaly-alert',
        payload,
      });
    }
  }

  /** A lost webhook enqueue is logged: the mail and the list still tell. */
  private async queueWebhook(batchId: string, anomalies: readonly Anomaly[]): Promise<void> {
    const body = JSON.stringify({
      id: batchId,
      type: 'anomalies.raised',
      anomalies: anomalies.map((a) => ({
        id: a.id,
        kind: a.kind,
        subjectType: a.subjectType,
        subjectId: a.subjectId,
        collectiveId: a.collectiveId,
        dropId: a.dropId,
        summary: a.summary,
        details: a.details,
        raisedAt: a.raisedAt.toISOString(),
      })),
    });
    try {
      await this.queue.add(
        AnomalyJob.DeliverWebhook,
        { batchId, body },
        { jobId: `webhook:${batchId}`, attempts: 8 },
      );
    } catch (error) {
      this.logger.error({ err: error, batchId }, 'could not queue the anomaly webhook');
    }
  }
}
