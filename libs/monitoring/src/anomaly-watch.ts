import {
  AnomalyAlerts,
  anomalyKey,
  type AnomalyKind,
  type AnomalyReport,
  AnomalyReporter,
  ANOMALIES_QUEUE,
  readRaisedAnomalyKeys,
} from '@limited-run/anomalies';
import { type OrderInStatus, readOrdersInStatus } from '@limited-run/checkout';
import { type OverdueDrop, readDropSummariesOf, readLiveDropsPastEnd } from '@limited-run/drops';
import { type OverdueHold, readActiveHoldsPastExpiry } from '@limited-run/inventory';
import {
  type FailedNotification,
  NOTIFICATIONS_QUEUE,
  readFailedNotifications,
} from '@limited-run/notifications';
import { PlatformConfig, REDIS } from '@limited-run/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { QueueMonitor } from './queue-monitor';

/** Each detector raises this many new cases per pass at most: bounded raises per pass. */
const PER_KIND_MAX = 100;
const LOCK_KEY = 'monitor:anomaly-watch';

/**
 * Finds anomalies by looking at state, in the API and in the worker alike (one process per
 * pass, by a Redis lock), so that a stopped worker is itself noticed: a drop past its end still
 * live, a hold past its expiry still active. Each pass also runs the alert pass. The owners'
 * readers list the current cases (monitoring names none of their tables), one read of the
 * anomalies skips those already raised, and each kind raises at most PER_KIND_MAX per pass.
 */
@Injectable()
export class AnomalyWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly reporter: AnomalyReporter,
    private readonly alerts: AnomalyAlerts,
    private readonly queues: QueueMonitor,
    private readonly config: PlatformConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AnomalyWatch.name);
  }

  onApplicationBootstrap(): void {
    const everyMs = this.config.get('ANOMALY_SCAN_SECONDS') * 1000;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick(everyMs).finally(() => (this.running = undefined));
    }, everyMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(everyMs: number): Promise<void> {
    // One process per interval; the lock lapses by itself, so a crashed holder blocks nothing.
    const taken = await this.redis
      .set(LOCK_KEY, '1', 'PX', Math.max(everyMs - 50, 50), 'NX')
      .catch(() => null);
    if (taken !== 'OK') return;
    try {
      await this.scan();
      await this.alerts.alertPending();
    } catch (error) {
      this.logger.error({ err: error }, 'anomaly watch pass failed');
    }
  }

  /** One pass of every detector; returns how many anomalies it raised. */
  async scan(): Promise<number> {
    const raised = await Promise.all([this.conditions(), this.failedJobs()]);
    return raised.reduce((a, b) => a + b, 0);
  }

  private async raiseAll(reports: AnomalyReport[]): Promise<number> {
    let raised = 0;
    for (const report of reports) if (await this.reporter.raise(report)) raised += 1;
    return raised;
  }

  /**
   * The conditions found in the owners' rows (failed refunds, disputes, failed mail, drops and
   * holds overdue): each owner lists its current cases, one read of the anomalies skips those
   * already raised, and each kind raises at most PER_KIND_MAX new ones per pass.
   */
  private async conditions(): Promise<number> {
    const grace = this.grace();
    const [refundsFailed, disputed, mailFailed, drops, holds] = await Promise.all([
      readOrdersInStatus(this.dataSource, 'refund_failed'),
      readOrdersInStatus(this.dataSource, 'disputed'),
      // An alert mail that fails is not raised again as an anomaly: its alert would be a mail too.
      readFailedNotifications(this.dataSource, 'anomaly-alert'),
      readLiveDropsPastEnd(this.dataSource, grace),
      readActiveHoldsPastExpiry(this.dataSource, grace),
    ]);
    const known = await readRaisedAnomalyKeys(this.dataSource, [
      ...refundsFailed.map((o) => anomalyKey('refund_failed', `order:${o.id}`)),
      ...disputed.map((o) => anomalyKey('dispute_opened', `order:${o.id}`)),
      ...mailFailed.map((n) => anomalyKey('mail_failed', `notification:${n.id}`)),
      ...drops.map((d) => anomalyKey('drop_overdue', `drop:${d.id}`)),
      ...holds.map((h) => anomalyKey('hold_overdue', `hold:${h.id}`)),
    ]);
    const unraised = <T>(kind: AnomalyKind, cases: T[], key: (c: T) => string): T[] =>
      cases.filter((c) => !known.has(anomalyKey(kind, key(c)))).slice(0, PER_KIND_MAX);
    const overdueHolds = unraised('hold_overdue', holds, (h) => `hold:${h.id}`);
    const dropsOfHolds = await readDropSummariesOf(
      this.dataSource,
      overdueHolds.map((h) => h.dropId),
    );
    const raised = await Promise.all([
      this.raiseAll(
        unraised('refund_failed', refundsFailed, (o) => `order:${o.id}`).map(refundFailed),
      ),
      this.raiseAll(
        unraised('dispute_opened', disputed, (o) => `order:${o.id}`).map(disputeOpened),
      ),
      this.raiseAll(
        unraised('mail_failed', mailFailed, (n) => `notification:${n.id}`).map(mailFailedReport),
      ),
      this.raiseAll(unraised('drop_overdue', drops, (d) => `drop:${d.id}`).map(dropOverdue)),
      this.raiseAll(
        overdueHolds.flatMap((h) => {
          const drop = dropsOfHolds.get(h.dropId);
          return drop ? [holdOverdue(h, drop.collectiveId)] : [];
        }),
      ),
    ]);
    return raised.reduce((n, m) => n + m, 0);
  }

  /** Jobs in Bull's failed set failed their last attempt (retries wait in `delayed`). */
  private async failedJobs(): Promise<number> {
    let raised = 0;
    for (const name of this.queues.names) {
      // The anomaly webhook's own failures are logged, not raised: raising one would alert by
      // the same webhook, failing again, without end. Failed mail is raised as `mail_failed`
      // from the outbox, which knows what the mail was (and leaves failed alert mail out).
      if (name === ANOMALIES_QUEUE || name === NOTIFICATIONS_QUEUE) continue;
      const jobs = await this.queues.queue(name).getFailed(0, PER_KIND_MAX - 1);
      raised += await this.raiseAll(
        jobs
          .filter((job) => job?.id !== undefined)
          .map((job) => ({
            kind: 'job_failed' as const,
            key: `${name}:${String(job.id)}:${job.timestamp}`,
            subjectType: 'job',
            subjectId: `${name}:${String(job.id)}`,
            summary: `Job ${job.name} on queue ${name} failed after ${job.attemptsMade} attempt(s)`,
            details: {
              queue: name,
              jobId: String(job.id),
              jobName: job.name,
              attempts: job.attemptsMade,
              // The reason is the error message: no payload, which may hold personal data.
              reason: (job.failedReason ?? '').slice(0, 300),
            },
          })),
      );
    }
    return raised;
  }

  private grace(): number {
    return this.config.get('ANOMALY_GRACE_SECONDS');
  }
}

function refundFailed(o: OrderInStatus): AnomalyReport {
  return {
    kind: 'refund_failed',
    key: `order:${o.id}`,
    subjectType: 'order',
    subjectId: o.id,
    collectiveId: o.collectiveId,
    dropId: o.dropId,
    summary: `A refund failed: order ${o.id} (${o.amountMinor} ${o.currency} minor units) is not refunded`,
    details: { amountMinor: o.amountMinor, currency: o.currency, reason: o.refundReason },
  };
}

function disputeOpened(o: OrderInStatus): AnomalyReport {
  return {
    kind: 'dispute_opened',
    key: `order:${o.id}`,
    subjectType: 'order',
    subjectId: o.id,
    collectiveId: o.collectiveId,
    dropId: o.dropId,
    summary: `A fan disputed the charge of order ${o.id} (${o.amountMinor} ${o.currency} minor units)`,
    details: { amountMinor: o.amountMinor, currency: o.currency },
  };
}

function mailFailedReport(n: FailedNotification): AnomalyReport {
  return {
    kind: 'mail_failed',
    key: `notification:${n.id}`,
    subjectType: 'notification',
    subjectId: n.id,
    summary: `A ${n.template} mail could not be sent after ${n.attempts} attempts`,
    details: { template: n.template, attempts: n.attempts },
  };
}

function dropOverdue(d: OverdueDrop): AnomalyReport {
  return {
    kind: 'drop_overdue',
    key: `drop:${d.id}`,
    subjectType: 'drop',
    subjectId: d.id,
    collectiveId: d.collectiveId,
    dropId: d.id,
    summary: `Drop "${d.name.slice(0, 120)}" is still live past its end (${d.endsAt.toISOString()}): is the worker running?`,
    details: { endsAt: d.endsAt.toISOString() },
  };
}

function holdOverdue(h: OverdueHold, collectiveId: string): AnomalyReport {
  return {
    kind: 'hold_overdue',
    key: `hold:${h.id}`,
    subjectType: 'hold',
    subjectId: h.id,
    collectiveId,
    dropId: h.dropId,
    summary: `A hold of ${h.quantity} unit(s) is still active past its expiry (${h.expiresAt.toISOString()}): is the worker running?`,
    details: { quantity: h.quantity, expiresAt: h.expiresAt.toISOString() },
  };
}
