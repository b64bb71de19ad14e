/**
 * The server's clock as seen from here. Countdowns run on it, so a fan whose device is minutes
 * off still sees the drop open when the server opens it. Each API answer's `Date` header (and
 * each stream event's `at`) refines the offset; the round trip's midpoint is the estimate.
 */
let offsetMs = 0;
let samples = 0;

export function observeServerTime(serverMs: number, sentAt: number, receivedAt: number): void {
  if (!Number.isFinite(serverMs)) return;
  const estimate = serverMs - (sentAt + receivedAt) / 2;
  // A moving average over the first samples, then a slow one: one odd answer cannot jump it.
  samples = Math.min(samples + 1, 10);
  offsetMs += (estimate - offsetMs) / samples;
}

export function observeDateHeader(response: Response, sentAt: number): void {
  const header = response.headers.get('date');
  // The Date header has whole seconds; half a second is its expected error.
  if (header) observeServerTime(Date.parse(header) + 500, sentAt, Date.now());
}

export const serverNow = (): number => Date.now() + offsetMs;
