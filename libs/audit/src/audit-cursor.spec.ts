import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';

describe('audit cursor', () => {
  const id = '5c1d0a6e-2f43-4b8e-8d1a-7e9c0b2f4a61';

  it('round-trips an event id through an opaque, URL-safe string', () => {
    const cursor = encodeAuditCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(id);
    expect(decodeAuditCursor(cursor)).toBe(id);
  });

  it.each([
    ['a bare uuid', id],
    ['another version', Buffer.from(`ae2:${id}`).toString('base64url')],
    ['a version without an id', Buffer.from('ae1:').toString('base64url')],
    ['trailing parts', Buffer.from(`ae1:${id}:x`).toString('base64url')],
    ['a SQL fragment', Buffer.from(`ae1:' OR 1=1 --`).toString('base64url')],
    ['nothing', ''],
  ])('rejects %s', (_case, cursor) => {
    expect(decodeAuditCursor(cursor)).toBeUndefined();
  });
});
