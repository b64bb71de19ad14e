import { createValidationPipe, RequestValidationError } from '@limited-run/platform';
import type { ArgumentMetadata } from '@nestjs/common';
import { ListAuditEventsQuery, ListCollectiveAuditEventsQuery } from './list-audit-events.query';

const pipe = createValidationPipe();
const asQuery = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({
  type: 'query',
  metatype,
});

/** Fields named by the 400 the pipe would answer with, or the parsed query. */
async function parse(
  raw: Record<string, unknown>,
  metatype: ArgumentMetadata['metatype'] = ListAuditEventsQuery,
): Promise<{ query?: ListAuditEventsQuery; refused?: string[] }> {
  try {
    return { query: (await pipe.transform(raw, asQuery(metatype))) as ListAuditEventsQuery };
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    return { refused: [...new Set((error.details ?? []).map((d) => d.field ?? ''))].sort() };
  }
}

describe('ListAuditEventsQuery', () => {
  it('accepts every filter and turns the limit into a number', async () => {
    const { query, refused } = await parse({
      collectiveId: '0b9f7c2e-5d4a-4c1e-9a57-3f2d8e6b1a90',
      action: 'drop.schedule',
      targetType: 'drop',
      targetId: '5c1d0a6e-2f43-4b8e-8d1a-7e9c0b2f4a61',
      actorUserId: '9a3e4f10-6b2c-4d7e-8f01-2c3b4a5d6e7f',
      before: 'YWUxOjVjMWQwYTZl',
      limit: '20',
    });
    expect(refused).toBeUndefined();
    expect(query).toBeInstanceOf(ListAuditEventsQuery);
    expect(query?.limit).toBe(20);
  });

  it('accepts no filters at all', async () => {
    expect((await parse({})).refused).toBeUndefined();
  });

  it.each([
    ['a limit of 0', { limit: '0' }, ['limit']],
    ['a limit above 100', { limit: '101' }, ['limit']],
    ['a fractional limit', { limit: '2.5' }, ['limit']],
    ['a word for a limit', { limit: 'ten' }, ['limit']],
    [
      'ids that are not uuids',
      { collectiveId: 'acme', actorUserId: '42' },
      ['actorUserId', 'collectiveId'],
    ],
    ['an over-long action', { action: 'x'.repeat(65) }, ['action']],
    ['an empty target type', { targetType: '' }, ['targetType']],
    ['a repeated filter', { action: ['a.b', 'c.d'] }, ['action']],
    ['a cursor with foreign characters', { before: 'abc==/+' }, ['before']],
    ['an unknown filter', { role: 'admin' }, ['role']],
  ])('refuses %s, naming the fields', async (_case, raw, fields) => {
    expect((await parse(raw)).refused).toEqual(fields);
  });

  it("a collective's listing takes its collective from the path, not the query", async () => {
    const collectiveId = '0b9f7c2e-5d4a-4c1e-9a57-3f2d8e6b1a90';
    expect((await parse({ collectiveId }, ListCollectiveAuditEventsQuery)).refused).toEqual([
      'collectiveId',
    ]);
    expect((await parse({ limit: '5' }, ListCollectiveAuditEventsQuery)).query?.limit).toBe(5);
  });
});
