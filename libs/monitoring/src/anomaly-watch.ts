import { AnomalyAlerts, AnomalyReporter, ANOMALIES_QUEUE } from '@limited-run/anomalies';
import { NOTIFICATIONS_QUEUE } from '@limited-run/notifications';
import { PlatformConfig, REDIS } from '@limited-run/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { QueueMonitor } from './queue-monitor';

/** Each detector looks at this many new cases per pass at most: bounded work per pass. */
const PER_KIND_MAX = 100;
const LOCK_KEY = 'monitor:anomaly-watch';

/**
 * Finds anomalies by looking at state, in the API and in the worker alike (one process per
 * pass, by a Redis lock), so that a stopped worker is itself noticed: a drop past its end still
 * live, a hold past its expiry still active. Each pass also runs the alert pass. Conditions
 * already raised are skipped in SQL, so a pass costs the new cases, not the history.
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
    const raised = await Promise.all([
      this.refundsFailed(),
      this.disputes(),
      this.mailFailed(),
      this.overdueDrops(),
      this.overdueHolds(),
      this.failedJobs(),
    ]);
    return raised.reduce((a, b) => a + b, 0);
  }

  private async raiseAll(reports: Parameters<AnomalyReporter['raise']>[0][]): Promise<number> {
    let raised = 0;
    for (const report of reports) if (await this.reporter.raise(report)) raised += 1;
    return raised;
  }

  private async refundsFailed(): Promise<number> {
    const rows = await this.unraised<OrderRow>(
      `SELECT o.id, o.collective_id, o.drop_id, o.amount_minor, o.currency, o.refund_reason
         FROM orders o WHERE o.status = 'refund_failed'`,
      `'refund_failed:order:' || o.id`,
    );
    return this.raiseAll(
      rows.map((o) => ({
        kind: 'refund_failed' as const,
        key: `order:${o.id}`,
        subjectType: 'order',
        subjectId: o.id,
        collectiveId: o.collective_id,
        dropId: o.drop_id,
        summary: `A refund failed: order ${o.id} (${o.amount_minor} ${o.currency} minor units) is not refunded`,
        details: { amountMinor: o.amount_minor, currency: o.currency, reason: o.refund_reason },
      })),
    );
  }

  private async disputes(): Promise<number> {
    const rows = await this.unraised<OrderRow>(
      `SELECT o.id, o.collective_id, o.drop_id, o.amount_minor, o.currency, o.refund_reason
         FROM orders o WHERE o.status = 'disputed'`,
      `'dispute_opened:order:' || o.id`,
    );
    return this.raiseAll(
      rows.map((o) => ({
        kind: 'dispute_opened' as const,
        key: `order:${o.id}`,
        subjectType: 'order',
        subjectId: o.id,
        collectiveId: o.collective_id,
        dropId: o.drop_id,
        summary: `A fan disputed the charge of order ${o.id} (${o.amount_minor} ${o.currency} minor units)`,
        details: { amountMinor: o.amount_minor, currency: o.currency },
      })),
    );
  }

  private async mailFailed(): Promise<number> {
    // An alert mail that fails is not raised again as an anomaly: its alert would be a mail too.
    const rows = await this.unraised<{ id: string; template: string; attempts: number }>(
      `SELECT n.id, n.template, n.attempts FROM notifications n
        WHERE n.status = 'failed' AND n.template <> 'anomaly-alert'`,
      `'mail_failed:notification:' || n.id`,
    );
    return this.raiseAll(
      rows.map((n) => ({
        kind: 'mail_failed' as const,
        key: `notification:${n.id}`,
        subjectType: 'notification',
        subjectId: n.id,
        summary: `A ${n.template} mail could not be sent after ${n.attempts} attempts`,
        details: { template: n.template, attempts: n.attempts },
      })),
    );
  }

  private async overdueDrops(): Promise<number> {
    const rows = await this.unraised<{
      id: string;
      collective_id: string;
      name: string;
      ends_at: Date;
    }>(
      `SELECT d.id, d.collective_id, d.name, d.ends_at FROM drops d
        WHERE d.state = 'live' AND d.ends_at < now() - make_interval(secs => ${this.grace()})`,
      `'drop_overdue:drop:' || d.id`,
    );
    return this.raiseAll(
      rows.map((d) => ({
        kind: 'drop_overdue' as const,
        key: `drop:${d.id}`,
        subjectType: 'drop',
        subjectId: d.id,
        collectiveId: d.collective_id,
        dropId: d.id,
        summary: `Drop "${d.name.slice(0, 120)}" is still live past its end (${d.ends_at.toISOString()}): is the worker running?`,
        details: { endsAt: d.ends_at.toISOString() },
      })),
    );
  }

  private async overdueHolds(): Promise<number> {
    const rows = await this.unraised<{
      id: string;
      drop_id: string;
      collective_id: string;
      quantity: number;
      expires_at: Date;
    }>(
      `SELECT h.id, h.drop_id, d.collective_id, h.quantity, h.expires_at
         FROM holds h JOIN drops d ON d.id = h.drop_id
        WHERE h.status = 'active' AND h.expires_at < now() - make_interval(secs => ${this.grace()})`,
      `'hold_overdue:hold:' || h.id`,
    );
    return this.raiseAll(
      rows.map((h) => ({
        kind: 'hold_overdue' as const,
        key: `hold:${h.id}`,
        subjectType: 'hold',
        subjectId: h.id,
        collectiveId: h.collective_id,
        dropId: h.drop_id,
        summary: `A hold of ${h.quantity} unit(s) is still active past its expiry (${h.expires_at.toISOString()}): is the worker running?`,
        details: { quantity: h.quantity, expiresAt: h.expires_at.toISOString() },
      })),
    );
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

  /** `select` filtered to rows whose anomaly key (`keyExpr`) was never raised, bounded. */
  private unraised<T>(select: string, keyExpr: string): Promise<T[]> {
    return this.dataSource.query<T[]>(
      `${select} AND NOT EXISTS (SELECT 1 FROM anomalies a WHERE a.key = ${keyExpr}) LIMIT ${PER_KIND_MAX}`,
    );
  }
}

interface OrderRow {
  id: string;
  collective_id: string;
  drop_id: string;
  amount_minor: number;
  currency: string;
  refund_reason: string | null;
}
