import type { ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * Helmet's headers (its defaults, our CSP set separately per path), computed ONCE at boot.
 * `@fastify/helmet` builds a new helmet middleware, re-parsing the whole configuration, on
 * every request (~38 µs of a declined hold, docs/benchmarks.md "Declines at the ceiling"); the
 * headers never differ between requests, so they are captured once here and copied onto each
 * reply by one hook.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const capture = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  } as unknown as ServerResponse;
  helmet({ contentSecurityPolicy: false })({} as never, capture, () => undefined);
  return Object.freeze(headers);
}
