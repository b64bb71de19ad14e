import {
  AnomalyAlerts,
  AnomalyReporter,
  ANOMALIES_QUEUE,
  notRaisedYet,
} from '@limited-run/anomalies';
import { readOrdersInStatus } from '@limited-run/checkout';
import { readDropSummariesOf, readLiveDropsPastEnd } from '@limited-run/drops';
import { readActiveHoldsPastExpiry } from '@limited-run/inventory';
import { NOTIFICATIONS_QUEUE, readFailedNotifications } from '@limited-run/notifications';
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
 * live, a hold past its expiry still active. Each pass also runs the alert pass. The watch names
 * none of the tables it watches: each owner's reader lists the cases, taking anomalies'
 * `notRaisedYet` into its one statement with the limit, so a pass reads at most 100 new cases
 * per kind and costs the new cases, not the history.
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
    const orders = await readOrdersInStatus(this.dataSource, {
      status: 'refund_failed',
      onlyIf: notRaisedYet('refund_failed', 'order'),
      limit: PER_KIND_MAX,
    });
    return this.raiseAll(
      orders.map((o) => ({
        kind: 'refund_failed' as const,
        key: `order:${o.id}`,
        subjectType: 'order',
        subjectId: o.id,
        collectiveId: o.collectiveId,
        dropId: o.dropId,
        summary: `A refund failed: order ${o.id} (${o.amountMinor} ${o.currency} minor units) is not refunded`,
        details: { amountMinor: o.amountMinor, currency: o.currency, reason: o.refundReason },
      })),
    );
  }

  private async disputes(): Promise<number> {
    const orders = await readOrdersInStatus(this.dataSource, {
      status: 'disputed',
      onlyIf: notRaisedYet('dispute_opened', 'order'),
      limit: PER_KIND_MAX,
    });
    return this.raiseAll(
      orders.map((o) => ({
        kind: 'dispute_opened' as const,
        key: `order:${o.id}`,
        subjectType: 'order',
        subjectId: o.id,
        collectiveId: o.collectiveId,
        dropId: o.dropId,
        summary: `A fan disputed the charge of order ${o.id} (${o.amountMinor} ${o.currency} minor units)`,
        details: { amountMinor: o.amountMinor, currency: o.currency },
      })),
    );
  }

  private async mailFailed(): Promise<number> {
    // An alert mail that fails is not raised again as an anomaly: its alert would be a mail too.
    const mails = await readFailedNotifications(this.dataSource, {
      exceptTemplate: 'anomaly-alert',
      onlyIf: notRaisedYet('mail_failed', 'notification'),
      limit: PER_KIND_MAX,
    });
    return this.raiseAll(
      mails.map((n) => ({
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
    const drops = await readLiveDropsPastEnd(this.dataSource, {
      graceSeconds: this.grace(),
      onlyIf: notRaisedYet('drop_overdue', 'drop'),
      limit: PER_KIND_MAX,
    });
    return this.raiseAll(
      drops.map((d) => ({
        kind: 'drop_overdue' as const,
        key: `drop:${d.id}`,
        subjectType: 'drop',
        subjectId: d.id,
        collectiveId: d.collectiveId,
        dropId: d.id,
        summary: `Drop "${d.name.slice(0, 120)}" is still live past its end (${d.endsAt.toISOString()}): is the worker running?`,
        details: { endsAt: d.endsAt.toISOString() },
      })),
    );
  }

  private async overdueHolds(): Promise<number> {
    const holds = await readActiveHoldsPastExpiry(this.dataSource, {
      graceSeconds: this.grace(),
      onlyIf: notRaisedYet('hold_overdue', 'hold'),
      limit: PER_KIND_MAX,
    });
    // Their drops' collectives, for the collectives' own view: one read of at most 100 drops.
    const drops = await readDropSummariesOf(
      this.dataSource,
      holds.map((h) => h.dropId),
    );
    return this.raiseAll(
      holds.map((h) => ({
        kind: 'hold_overdue' as const,
        key: `hold:${h.id}`,
        subjectType: 'hold',
        subjectId: h.id,
        collectiveId: drops.get(h.dropId)?.collectiveId,
        dropId: h.dropId,
        summary: `A hold of ${h.quantity} unit(s) is still active past its expiry (${h.expiresAt.toISOString()}): is the worker running?`,
        details: { quantity: h.quantity, expiresAt: h.expiresAt.toISOString() },
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
}
