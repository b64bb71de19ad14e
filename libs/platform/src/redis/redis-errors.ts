/**
 * True when a Redis command failed because the server could not be reached, not because of what
 * it asked: ioredis gives up on a command after `maxRetriesPerRequest` reconnection attempts
 * (`MaxRetriesPerRequestError`), and fails commands on a connection it closed. The request may
 * succeed if tried again, so the HTTP filter answers 503, not 500.
 */
export function isRedisUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'MaxRetriesPerRequestError' || error.message === 'Connection is closed.';
}
