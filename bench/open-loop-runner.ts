// Open-loop load for bench:drop: requests leave at a fixed arrival rate whatever the server does
// (wrk is closed loop: a slow answer delays the next request, which hides queueing). Latency is
// measured from each request's SCHEDULED send time, so a stall shows in full (no coordinated
// omission). Debian 12 packages neither wrk2, oha nor vegeta, hence this small generator.
// `node -r ts-node/register/transpile-only bench/open-loop-runner.ts <job.json>`; run pinned.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dueNow, percentile, scheduledAt } from './support/rounds';

export interface OpenLoopJob {
  origin: string;
  path: string;
  tokensFile: string;
  variantIds: string[];
  ratePerSecond: number;
  durationSeconds: number;
  /** Sockets to the server; requests beyond them queue in the client, their wait counted. */
  connections: number;
  /** A request unanswered this long after its scheduled time counts as a timeout. */
  timeoutMs: number;
  resultFile: string;
}

export interface OpenLoopResult {
  scheduled: number;
  answered: number;
  timeouts: number;
  errors: number;
  seconds: number;
  achievedRps: number;
  /** Sending fell behind the schedule by more than this (ms) at worst: the generator's own lag. */
  worstSendLagMs: number;
  statuses: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as OpenLoopJob;
  const tokens = readFileSync(job.tokensFile, 'utf8').split('\n').filter(Boolean);
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const url = new URL(job.origin);
  const tag = randomBytes(4).toString('hex');
  const total = Math.round(job.ratePerSecond * job.durationSeconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let settled = 0;
  let errors = 0;
  let worstSendLagMs = 0;
  const start = performance.now() + 50;

  const send = (index: number): void => {
    const due = scheduledAt(start, job.ratePerSecond, index);
    worstSendLagMs = Math.max(worstSendLagMs, performance.now() - due);
    const body = JSON.stringify({
      variantId: job.variantIds[index % job.variantIds.length],
      quantity: 1,
    });
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: job.path,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${tokens[index % tokens.length]}`,
          'idempotency-key': `ol-${tag}-${index}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - due);
          statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
          settled++;
        });
      },
    );
    req.on('error', () => {
      errors++;
      settled++;
    });
    req.end(body);
  };

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const n = dueNow(start, performance.now(), job.ratePerSecond, sent, total);
      for (let i = 0; i < n; i++) send(sent++);
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    setTimeout(tick, 50);
  });
  const deadline = performance.now() + job.timeoutMs;
  while (settled < total && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - start) / 1000;
  const result: OpenLoopResult = {
    scheduled: total,
    answered: latencies.length,
    timeouts: total - settled,
    errors,
    seconds,
    achievedRps: latencies.length / seconds,
    worstSendLagMs,
    statuses,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
  };
  writeFileSync(job.resultFile, JSON.stringify(result));
  agent.destroy();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
