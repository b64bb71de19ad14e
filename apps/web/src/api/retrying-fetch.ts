/**
 * fetch that waits and tries again when the API says "not now" (429, 503) or the network
 * drops, honouring Retry-After. At a drop's opening thousands of fans ask at once: jittered,
 * growing waits keep a retrying crowd from arriving in lockstep.
 */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 400, maxDelayMs: 8_000 };

const RETRIABLE = new Set([429, 503]);

/** Milliseconds the server asked us to wait (seconds or an HTTP date), if it said. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

const sleep = (ms: number, signal?: AbortSignal | null): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });

export function retryingFetch(policy: RetryPolicy = DEFAULT_RETRY): typeof fetch {
  return async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      // A Request body can be read once: each attempt sends a fresh copy.
      const request = input instanceof Request ? input.clone() : input;
      const last = attempt >= policy.attempts - 1;
      try {
        const response = await fetch(request, init);
        if (!RETRIABLE.has(response.status) || last) return response;
        const asked = retryAfterMs(response.headers.get('retry-after'));
        await sleep(
          Math.min(policy.maxDelayMs, asked ?? backoffMs(attempt, policy)),
          init?.signal ?? (input instanceof Request ? input.signal : undefined),
        );
      } catch (error) {
        // Only network failures are retried: an abort is the caller's decision.
        if (last || (error instanceof DOMException && error.name === 'AbortError')) throw error;
        await sleep(backoffMs(attempt, policy));
      }
    }
  };
}
