// Carries out a seed's fault schedule against the running drop. Each fault is counted as
// injected only once it was actually done (a process really killed, backends really terminated).
import type { StripeStandIn } from '../../libs/payments/src/stand-in';
import Redis from 'ioredis';
import { Client } from 'pg';
import { observedOffsetMs, type ProcessClocks } from './clocks';
import type { Cluster } from './cluster';
import type { ChaosPostman } from './postman';
import type { PrivateRedis } from './private-redis';
import { clockSkewOf, type FaultKind, type ScheduledFault } from './schedule';

export interface InjectorContext {
  cluster: Cluster;
  redis: PrivateRedis;
  redisPrefix: string;
  stripe: StripeStandIn;
  postman: ChaosPostman;
  adminUrl: string;
  databaseUrl: string;
  database: string;
  /** The first-come drop: its line rows are the hot rows a stall locks. */
  hotDropId: string;
  stripeTimeoutMs: number;
  clocks: ProcessClocks;
  log: (line: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const QUEUES = ['holds', 'payments', 'drops', 'waitlist', 'notifications', 'anomalies'];

export class FaultInjector {
  readonly injected: Partial<Record<FaultKind, number>> = {};
  readonly notes: string[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly ctx: InjectorContext) {}

  /** Runs the schedule from now; resolves when every fault has been carried out. */
  async run(schedule: readonly ScheduledFault[], startedAt: number): Promise<void> {
    for (const fault of schedule) {
      const wait = startedAt + fault.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      const done = this.inject(fault)
        .then((ok) => {
          if (ok) this.injected[fault.kind] = (this.injected[fault.kind] ?? 0) + 1;
        })
        .catch((error: unknown) => {
          this.notes.push(`${fault.kind} failed: ${String(error)}`);
        })
        .finally(() => this.running.delete(done));
      this.running.add(done);
    }
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async inject(fault: ScheduledFault): Promise<boolean> {
    const { ctx } = this;
    ctx.log(`fault ${fault.kind} target=${fault.target}`);
    switch (fault.kind) {
      case 'api-kill':
        return this.killApiInTransaction(fault.target % 2, fault.durationMs);
      case 'worker-kill':
        return this.killWorkerMidJob(fault.target % 2, fault.durationMs);
      case 'redis-restart-with-data':
        await ctx.redis.restart(true, Math.min(fault.durationMs, 1500));
        return true;
      case 'redis-restart-without-data':
        await ctx.redis.restart(false, Math.min(fault.durationMs, 1500));
        return true;
      case 'pg-terminate':
        return (await this.terminateBackends()) > 0;
      case 'pg-stall':
        await this.stallHotRows(fault.durationMs);
        return true;
      case 'stripe-5xx':
        ctx.stripe.injectFault({ status: fault.durationMs % 2 ? 500 : 503, times: fault.target });
        return true;
      case 'stripe-timeout':
        ctx.stripe.injectFault({ delayMs: ctx.stripeTimeoutMs + 500, times: fault.target });
        return true;
      case 'stripe-drop':
        ctx.stripe.injectFault({
          drop: fault.durationMs % 2 ? 'before' : 'after',
          times: fault.target,
        });
        return true;
      case 'webhook-duplicate':
        ctx.postman.duplicate(fault.target);
        return true;
      case 'webhook-delay':
        ctx.postman.delay(fault.target, fault.durationMs * 2);
        return true;
      case 'webhook-reorder':
        ctx.postman.reorder(fault.target + 1);
        return true;
      case 'clock-skew':
        return this.skewClock(fault);
    }
  }

  /**
   * Holds the first-come drop's line rows locked, so the API's hold transactions queue behind
   * them (each one open, mid-transaction), then kills the API process while they wait.
   */
  private async killApiInTransaction(index: number, downMs: number): Promise<boolean> {
    const stall = this.stallHotRows(1200);
    await sleep(400);
    const waiting = await this.backendsInTransaction();
    const pid = await this.ctx.cluster.crash('api', index, Math.min(downMs, 1000));
    await stall;
    if (pid)
      this.notes.push(`api-${index} (pid ${pid}) killed with ${waiting} backends mid-transaction`);
    return pid !== undefined;
  }

  /** Waits (bounded) for a Bull job to be active, then kills a worker. */
  private async killWorkerMidJob(index: number, downMs: number): Promise<boolean> {
    let active = 0;
    const redis = new Redis(this.ctx.redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      for (let i = 0; i < 20 && active === 0; i++) {
        for (const queue of QUEUES) {
          active += await redis.llen(`${this.ctx.redisPrefix}:bull:${queue}:active`);
        }
        if (active === 0) await sleep(50);
      }
    } catch {
      // Redis itself may be down at this moment (another fault): kill anyway.
    } finally {
      redis.disconnect();
    }
    const pid = await this.ctx.cluster.crash('worker', index, Math.min(downMs, 1000));
    if (pid) this.notes.push(`worker-${index} (pid ${pid}) killed with ${active} jobs active`);
    return pid !== undefined;
  }

  /**
   * Moves one process's wall clock by 1–5 s for the rest of the seed (a restart keeps it: the
   * host's clock is still off). Counted once the process's own HTTP `Date` header shows it, so
   * a process that never saw its new clock (down the whole time) does not count.
   */
  private async skewClock(fault: ScheduledFault): Promise<boolean> {
    const { role, index, offsetMs } = clockSkewOf(fault);
    const name = `${role}-${index}`;
    const was = this.ctx.clocks.offsets.get(name) ?? 0;
    this.ctx.clocks.set(name, offsetMs);
    const url = this.ctx.cluster.healthUrl(role, index);
    const since = Date.now();
    // The header has whole seconds: an offset shows once the reading is nearer to it than to
    // the old one.
    for (let i = 0; i < 40; i++) {
      const seen = await observedOffsetMs(url);
      if (seen !== undefined && Math.abs(seen + 500 - offsetMs) < Math.abs(seen + 500 - was)) {
        this.notes.push(`${name} clock ${offsetMs > 0 ? '+' : ''}${offsetMs} ms (seen ${seen} ms)`);
        return true;
      }
      await sleep(250);
    }
    const waited = ((Date.now() - since) / 1000).toFixed(0);
    this.notes.push(
      `${name} clock ${offsetMs} ms: not seen within ${waited} s (down or not answering)`,
    );
    return false;
  }

  private async terminateBackends(): Promise<number> {
    const admin = new Client({ connectionString: this.ctx.adminUrl, application_name: 'lr-chaos' });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n
           FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [this.ctx.database],
      );
      return rows[0].n;
    } finally {
      await admin.end();
    }
  }

  private async backendsInTransaction(): Promise<number> {
    const admin = new Client({ connectionString: this.ctx.adminUrl, application_name: 'lr-chaos' });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND state IN ('active', 'idle in transaction')
            AND application_name NOT LIKE 'lr-chaos%'`,
        [this.ctx.database],
      );
      return rows[0].n;
    } finally {
      await admin.end();
    }
  }

  /** A transaction holding the drop's line rows locked for `ms`: the hot rows stall. */
  private async stallHotRows(ms: number): Promise<void> {
    const client = new Client({
      connectionString: this.ctx.databaseUrl,
      application_name: 'lr-chaos-stall',
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT 1 FROM drop_lines WHERE drop_id = $1 FOR UPDATE`, [
        this.ctx.hotDropId,
      ]);
      await client.query('SELECT pg_sleep($1)', [ms / 1000]);
      await client.query('COMMIT');
    } catch {
      // Terminated by a concurrent pg-terminate fault: the lock went with the backend.
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
