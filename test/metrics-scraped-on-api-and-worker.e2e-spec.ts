import './support/env/payments-offline';
import './support/env/fast-reconcile';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createAccount } from './support/accounts';
import { type LiveDrop, openLiveDrop } from './support/live-drop';
import { holdAndCheckout, orderReaches } from './support/payments';
import { openSse, type SseStream } from './support/sse-client';
import { eventually, useApiOnTestDatabase } from './support/test-app';

describe('/metrics on the API and the worker carries the named series', () => {
  let drop: LiveDrop;
  let stream: SseStream | undefined;
  // Declared before the stack, so it runs first: the stream ends before the API closes.
  afterAll(() => {
    stream?.close();
  });
  const ctx = useApiOnTestDatabase({ worker: true, payments: true });

  beforeAll(async () => {
    drop = await openLiveDrop(ctx.app, ctx.db, { units: [5] });
  });

  const scrape = async (app: NestFastifyApplication): Promise<string> => {
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('the API: latency per route template, hold decisions, gate latency, SSE clients, queue depths', async () => {
    const base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    stream = await openSse(`${base}/drops/${drop.id}/events`);
    const fan = await createAccount(ctx.app, ctx.db);
    const order = await holdAndCheckout(ctx.app, fan, drop.id, drop.variantIds[0]);
    await ctx.payments.stripe.deliver(ctx.payments.stripe.pay(order.sessionId)[0]);
    await orderReaches(ctx.db, order.orderId, 'paid');

    const text = await scrape(ctx.app);
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="POST",route="\/drops\/:drop\/holds",status_code="201"\} 1$/m,
    );
    // Route templates only: no raw id ever becomes a label value.
    expect(text).not.toContain(drop.id);
    expect(text).toMatch(/^limited_run_hold_decisions_total\{outcome="admitted"\} 1$/m);
    expect(text).toMatch(/^limited_run_admission_gate_seconds_count \d+$/m);
    expect(text).toMatch(/^limited_run_sse_clients\{stream="drop"\} 1$/m);
    expect(text).toMatch(/^limited_run_queue_jobs\{queue="holds",state="delayed"\} \d+$/m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
  });

  it('the worker: job durations, webhook lag and gate drift', async () => {
    // Bull reports a job completed (and its duration is observed) just after the job's own
    // transaction commits, so the order can read "paid" a moment before the series has it.
    const text = await eventually(async () => {
      const scraped = await scrape(ctx.worker);
      const ready =
        /^limited_run_gate_drift_units\{drop="[0-9a-f-]{36}",variant="[0-9a-f-]{36}"\} 0$/m.test(
          scraped,
        ) &&
        /^limited_run_job_duration_seconds_count\{queue="payments",job="process-event"/m.test(
          scraped,
        );
      return ready ? scraped : undefined;
    });
    expect(text).toMatch(
      /^limited_run_job_duration_seconds_count\{queue="payments",job="process-event",outcome="completed"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(/^limited_run_webhook_lag_seconds_count [1-9]\d*$/m);
    expect(text).toMatch(/^limited_run_queue_jobs\{queue="payments",state="waiting"\} \d+$/m);
  });
});
