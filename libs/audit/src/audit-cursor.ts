const VERSION = 'ae1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The cursor names the last event of a page. Only its id travels: the listing compares
 * `(occurred_at, id)` with that row's own values in SQL, which keeps Postgres's microseconds
 * (a JavaScript Date would round them to milliseconds and skip rows). Rows are never deleted,
 * so the row a cursor names always exists.
 */
export function encodeAuditCursor(eventId: string): string {
  return Buffer.from(`${VERSION}:${eventId}`, 'utf8').toString('base64url');
}

/** The event id inside a cursor, or undefined when the cursor is not one we issued. */
export function decodeAuditCursor(cursor: string): string | undefined {
  const [version, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  return version === VERSION && rest.length === 0 && id !== undefined && UUID.test(id)
    ? id
    : undefined;
}
