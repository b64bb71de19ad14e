// The drop benchmark's load generator, in its own process so it does not share an event loop
// with what it measures: `node -r ts-node/register/transpile-only bench/load-runner.ts <job.json>`.
// One request per fan (autocannon `amount`), each with a fresh Idempotency-Key; tallies every
// answer by status and error code, and prints a progress line every second.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { LoadJob, LoadResult } from './support/load-job';

function codeOf(status: number, body: string): string {
  if (status >= 200 && status < 300) return `${status} granted`;
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return `${status} ${typeof code === 'string' ? code : 'no-code'}`;
  } catch {
    return `${status} unparseable`;
  }
}

function run(job: LoadJob): Promise<LoadResult> {
  const byCode: Record<string, number> = {};
  const holdIds: string[] = [];
  const granted: number[] = [];
  const declined: number[] = [];
  let next = 0;
  let done = 0;
  let stoppedEarly = false;

  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: job.origin,
        connections: job.connections,
        amount: job.amount,
        timeout: 10,
        requests: [
          {
            method: job.method,
            path: job.path,
            // autocannon asks for exactly `amount` requests across its connections.
            setupRequest: (request) => {
              const i = next++;
              const token = job.tokens[i % job.tokens.length];
              const headers: IncomingHttpHeaders = {
                ...request.headers,
                authorization: `Bearer ${token}`,
              };
              if (job.method === 'GET') return { ...request, headers };
              headers['content-type'] = 'application/json';
              headers['idempotency-key'] = randomUUID();
              const variantId = job.variantIds[i % job.variantIds.length];
              return {
                ...request,
                headers,
                body: JSON.stringify({ variantId, quantity: job.quantity }),
              };
            },
            onResponse: (status, body) => {
              const code = codeOf(status, body);
              byCode[code] = (byCode[code] ?? 0) + 1;
              if (status === 201) {
                try {
                  const id = (JSON.parse(body) as { holdId?: unknown }).holdId;
                  if (typeof id === 'string') holdIds.push(id);
                } catch {
                  // Counted under its code already.
                }
              }
            },
          },
        ],
      },
      (error, result) => {
        clearTimeout(hardStop);
        clearInterval(progress);
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const seconds = (performance.now() - started) / 1000;
        resolve({
          label: job.label,
          responses: done,
          seconds,
          grantedMs: granted,
          declinedMs: declined,
          byCode,
          holdIds,
          connectionErrors: result.errors - result.timeouts,
          timeouts: result.timeouts,
          stoppedEarly,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      done++;
      (statusCode >= 200 && statusCode < 300 ? granted : declined).push(responseTime);
    });
    let lastDone = 0;
    const progress = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      process.stdout.write(
        `[load:${job.label}] ${elapsed.toFixed(0)} s · ${done.toLocaleString('en-US')}/` +
          `${job.amount.toLocaleString('en-US')} answered · ` +
          `${(done - lastDone).toLocaleString('en-US')} req/s in the last second\n`,
      );
      lastDone = done;
    }, 1000);
    const hardStop = setTimeout(() => {
      stoppedEarly = true;
      instance.stop();
    }, job.durationLimitSeconds * 1000);
  });
}

async function main(): Promise<void> {
  const jobFile = process.argv[2];
  if (!jobFile) throw new Error('usage: load-runner <job.json>');
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as LoadJob;
  const result = await run(job);
  writeFileSync(job.resultFile, JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
