// What the drop benchmark asks its load generator (a separate process) to do, and what it
// reports back. Written to and read from JSON files.

export interface LoadJob {
  label: string;
  /** Origin of the server under test, e.g. http://127.0.0.1:41234 */
  origin: string;
  method: 'GET' | 'POST';
  path: string;
  /** One Bearer token per fan; request i goes to fan i. */
  tokens: string[];
  /** POST bodies: request i asks for variant `variantIds[i % n]`. */
  variantIds: string[];
  quantity: number;
  /** Requests in all (one per fan). */
  amount: number;
  connections: number;
  /** Hard stop of this load phase, seconds. */
  durationLimitSeconds: number;
  resultFile: string;
}

export interface LoadResult {
  label: string;
  /** Responses received. */
  responses: number;
  seconds: number;
  /** Response times (ms) of 2xx answers, and of everything else. */
  grantedMs: number[];
  declinedMs: number[];
  /** `"<status> <error code>"` (or `"201 granted"`) → responses. */
  byCode: Record<string, number>;
  /** Hold ids from 2xx bodies. */
  holdIds: string[];
  connectionErrors: number;
  timeouts: number;
  /** True if the duration limit cut the phase short. */
  stoppedEarly: boolean;
}
