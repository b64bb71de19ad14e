import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; from a fast Redis call to a slow checkout. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

type QueueDepths = () => Promise<Array<{ queue: string; state: string; jobs: number }>>;

/**
 * This process's Prometheus metrics, one registry per application (the API and the worker of
 * a test share a process, not a registry). Libraries record into it; `/metrics` renders it.
 * Label values are bounded: route templates (never raw URLs), outcomes, queue names, and
 * drop/variant ids only for live drops' drift.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly holdDecisions = new Counter({
    name: 'limited_run_hold_decisions_total',
    help: 'Hold requests decided by the admission gate, by outcome (admitted, sold_out, limit, …).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly gateLatency = new Histogram({
    name: 'limited_run_admission_gate_seconds',
    help: 'Latency of one admission-gate decision (one Redis Lua call).',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly holdGrantBatchSize = new Histogram({
    name: 'limited_run_hold_grant_batch_size',
    help: 'Admitted holds written to Postgres per group commit (the transactions tried, splits included).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });

  readonly holdGrantBatchSplits = new Counter({
    name: 'limited_run_hold_grant_batch_splits_total',
    help: 'Group commits of holds that Postgres refused as a whole and that were split in two and retried.',
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'limited_run_job_duration_seconds',
    help: 'Bull job processing time by queue, job name and outcome (completed, failed).',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  readonly webhookLag = new Histogram({
    name: 'limited_run_webhook_lag_seconds',
    help: 'Payment webhook events: from receipt (stored) to applied by the worker.',
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });

  readonly gateDrift = new Gauge({
    name: 'limited_run_gate_drift_units',
    help: 'Admission gate minus Postgres per live drop line, as the last reconciliation found it.',
    labelNames: ['drop', 'variant'] as const,
    registers: [this.registry],
  });

  private readonly streams = new Map<string, () => number>();
  private queueDepths?: QueueDepths;
  private orderWaits?: () => number;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const streams = this.streams;
    new Gauge({
      name: 'limited_run_sse_clients',
      help: 'Open server-sent event streams in this process, by stream (drop, room, monitor).',
      labelNames: ['stream'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [stream, size] of streams) this.set({ stream }, size());
      },
    });
    const orderWaits = (): number => this.orderWaits?.() ?? 0;
    new Gauge({
      name: 'limited_run_order_waits',
      help: 'Requests in this process waiting for a settling order to move (GET /me/orders/:order?wait=).',
      registers: [this.registry],
      collect() {
        this.set(orderWaits());
      },
    });
    const depths = (): QueueDepths | undefined => this.queueDepths;
    new Gauge({
      name: 'limited_run_queue_jobs',
      help: 'Jobs per Bull queue and state (waiting, active, delayed, failed).',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        const read = depths();
        if (!read) return;
        this.reset();
        for (const { queue, state, jobs } of await read()) this.set({ queue, state }, jobs);
      },
    });
  }

  /** Counts a kind of stream at scrape time. */
  trackStreams(stream: string, size: () => number): void {
    this.streams.set(stream, size);
  }

  /** Counts the requests waiting on an order at scrape time (one counter per process). */
  trackOrderWaits(size: () => number): void {
    this.orderWaits = size;
  }

  /** Reads queue depths at scrape time (one reader per process). */
  trackQueues(read: QueueDepths): void {
    this.queueDepths = read;
  }

  /** Times `work`; `outcome` names what it decided (its label value). */
  async timeJob<T>(queue: string, job: string, work: () => Promise<T>): Promise<T> {
    const end = this.jobDuration.startTimer({ queue, job });
    try {
      const result = await work();
      end({ outcome: 'completed' });
      return result;
    } catch (error) {
      end({ outcome: 'failed' });
      throw error;
    }
  }
}
