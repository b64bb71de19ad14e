// Fans' requests to the API processes: plain fetch with a deadline. A refused or cut connection
// (a crashed process) and a 5xx are retried on the other process, with the same idempotency
// key, a bounded number of times; any other answer is the answer.
import type { Prng } from './prng';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export interface HttpFigures {
  requests: number;
  connectionErrors: number;
  serverErrors: number;
  byStatus: Record<string, number>;
}

export class ChaosHttp {
  readonly figures: HttpFigures = {
    requests: 0,
    connectionErrors: 0,
    serverErrors: 0,
    byStatus: {},
  };

  constructor(private readonly origins: () => string[]) {}

  async call(
    rng: Prng,
    method: string,
    path: string,
    options: { token?: string; body?: unknown; idempotencyKey?: string; attempts?: number } = {},
  ): Promise<Answer | undefined> {
    const attempts = options.attempts ?? 4;
    let origin = rng.int(0, this.origins().length - 1);
    for (let attempt = 0; attempt < attempts; attempt++) {
      const origins = this.origins();
      const answer = await this.once(origins[origin % origins.length], method, path, options);
      if (answer && answer.status < 500) return answer;
      origin = (origin + 1) % origins.length;
      await new Promise((resolve) => setTimeout(resolve, 150 * (attempt + 1)));
    }
    return undefined;
  }

  private async once(
    origin: string,
    method: string,
    path: string,
    options: { token?: string; body?: unknown; idempotencyKey?: string },
  ): Promise<Answer | undefined> {
    this.figures.requests++;
    try {
      const res = await fetch(`${origin}${path}`, {
        method,
        headers: {
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      this.figures.byStatus[res.status] = (this.figures.byStatus[res.status] ?? 0) + 1;
      if (res.status >= 500) this.figures.serverErrors++;
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { text };
      }
      return { status: res.status, body };
    } catch {
      this.figures.connectionErrors++;
      return undefined;
    }
  }
}
