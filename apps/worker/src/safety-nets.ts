import { RefundJobs } from '@limited-run/checkout';
import { DropScheduler } from '@limited-run/drops';
import { HoldExpiryScheduler } from '@limited-run/inventory';
import { NotificationsDispatcher } from '@limited-run/notifications';
import { PaymentEventsDispatcher } from '@limited-run/payments';
import { PlatformConfig, type SweepTiming } from '@limited-run/platform';
import { WaitlistJob, WaitlistScheduler } from '@limited-run/admission';
import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import { WORKER_QUEUES } from './queue-shutdown';

/** The outbox and payment rescues look for work a minute overdue; twice a minute is enough. */
const RESCUE_SWEEP_MS = 30_000;

/**
 * Where in its interval each sweep starts, in seconds. Bull's `every` started them all at the
 * multiples of their intervals, four together every tenth second and eight at :00 and :30, and
 * that beat showed in a drop's open-loop latency (docs/benchmarks.md). At the default intervals
 * (2, 5 and 30 s) these start at most two sweeps in any second: one of the 2-s sweeps and one
 * other. The sweeps are spread; their work is unchanged.
 */
const PHASE_SECONDS = {
  raffles: 0,
  waitlists: 1,
  holds: 2,
  reconcile: 3,
  drops: 4,
  paymentEvents: 5,
  refunds: 6,
  outbox: 11,
} as const;

export type SafetyNetSweep = keyof typeof PHASE_SECONDS;

/** Every repeatable sweep of the worker: its interval from the settings, and its phase. */
export function safetyNetTimings(
  config: Pick<PlatformConfig, 'get'>,
): Record<SafetyNetSweep, SweepTiming> {
  const everyMs: Record<SafetyNetSweep, number> = {
    raffles: config.get('WAITLIST_SWEEP_SECONDS') * 1000,
    waitlists: config.get('WAITLIST_SWEEP_SECONDS') * 1000,
    holds: config.get('HOLD_SWEEP_SECONDS') * 1000,
    reconcile: config.get('RECONCILE_SECONDS') * 1000,
    drops: config.get('DROP_SWEEP_SECONDS') * 1000,
    paymentEvents: RESCUE_SWEEP_MS,
    refunds: RESCUE_SWEEP_MS,
    outbox: RESCUE_SWEEP_MS,
  };
  const sweeps = Object.keys(PHASE_SECONDS) as SafetyNetSweep[];
  return Object.fromEntries(
    sweeps.map((sweep) => [sweep, { everyMs: everyMs[sweep], phaseSeconds: PHASE_SECONDS[sweep] }]),
  ) as Record<SafetyNetSweep, SweepTiming>;
}

/**
 * The worker's safety nets: the repeatable sweeps that finish what a lost job, a crashed process
 * or a missed event left undone (holds past expiry, the Redis gate, drops due to open or close,
 * raffle draws and waitlists, payment events, refunds, the mail outbox).
 *
 * Bull keeps repeatable jobs only in Redis. A Redis that loses its data (restarted without
 * persistence, flushed, failed over to an empty replica) loses every one of them, and with them
 * every repair, until some worker starts again. So each worker registers them at boot and again
 * every `SAFETY_NET_CHECK_SECONDS`, whatever Redis looks like: a periodic check also covers a
 * flush, where no connection is lost. Registering is idempotent: Bull names a repeatable job's
 * next run after its key and its time slot, so two workers (or two checks) registering the same
 * sweep leave one job per slot.
 */
@Injectable()
export class SafetyNets implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly holds: HoldExpiryScheduler,
    private readonly drops: DropScheduler,
    private readonly waitlists: WaitlistScheduler,
    private readonly paymentEvents: PaymentEventsDispatcher,
    private readonly refunds: RefundJobs,
    private readonly outbox: NotificationsDispatcher,
    private readonly config: PlatformConfig,
    private readonly moduleRef: ModuleRef,
    @Inject(WORKER_QUEUES) private readonly queueNames: readonly string[],
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SafetyNets.name);
  }

  async onModuleInit(): Promise<void> {
    await this.register();
    this.timer = setInterval(
      () => this.check(),
      this.config.get('SAFETY_NET_CHECK_SECONDS') * 1000,
    );
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Every repeatable sweep of the worker, each at the interval its setting asks for. */
  async register(): Promise<void> {
    const timing = safetyNetTimings(this.config);
    await this.holds.scheduleRepeatables(timing.holds, timing.reconcile);
    await this.drops.scheduleSweep(timing.drops);
    await this.waitlists.scheduleSweep(WaitlistJob.RaffleSweep, timing.raffles);
    await this.waitlists.scheduleSweep(WaitlistJob.WaitlistSweep, timing.waitlists);
    await this.paymentEvents.scheduleSweep(timing.paymentEvents);
    await this.refunds.scheduleSweep(timing.refunds);
    await this.outbox.scheduleSweep(timing.outbox);
  }

  /** One check at a time: Bull's connections queue commands while Redis is away. */
  private check(): void {
    if (this.checking) return;
    this.checking = true;
    this.registerAgain()
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error },
          'safety-net sweeps not registered; the next check retries',
        ),
      )
      .finally(() => {
        this.checking = false;
      });
  }

  private async registerAgain(): Promise<void> {
    const before = await this.registeredCount();
    await this.register();
    const missing = (await this.registeredCount()) - before;
    if (missing > 0) {
      // Redis lost its data (or someone removed them): worth an operator's look.
      this.logger.warn({ missing }, 'safety-net sweeps were missing from Redis; registered again');
    }
  }

  private async registeredCount(): Promise<number> {
    const counts = await Promise.all(
      this.queueNames.map((name) =>
        this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }).getRepeatableCount(),
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  }
}
