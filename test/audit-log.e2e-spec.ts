import { AuditCursorInvalidError, AuditEntry, AuditLog, AuditModule } from '@limited-run/audit';
import { PlatformModule } from '@limited-run/platform';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { connectTestDatabase, createTestDatabase } from './support/test-app';

// The audit library as its users compose it: platform plus AuditModule, no HTTP in between.
@Module({ imports: [PlatformModule.forRoot(), AuditModule] })
class AuditHostModule {}

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: { userId: randomUUID(), requestId: `req-${randomUUID()}` },
  action: 'drop.schedule',
  targetType: 'drop',
  targetId: randomUUID(),
  ...overrides,
});

describe('the audit log records changes with them and lists them newest first', () => {
  let context: INestApplicationContext;
  let audit: AuditLog;
  let dataSource: DataSource;
  let db: Client;

  beforeAll(async () => {
    await createTestDatabase();
    db = await connectTestDatabase();
    context = await NestFactory.createApplicationContext(AuditHostModule, { logger: false });
    audit = context.get(AuditLog);
    dataSource = context.get(DataSource);
  });
  afterAll(async () => {
    await context?.close();
    await db?.end();
  });

  const rowsFor = async (targetId: string): Promise<number> =>
    (await db.query('SELECT 1 FROM audit_events WHERE target_id = $1', [targetId])).rowCount ?? 0;

  it('an entry recorded in a transaction that rolls back leaves nothing', async () => {
    const targetId = randomUUID();
    await expect(
      dataSource.transaction(async (manager) => {
        await audit.record(manager, entry({ targetId }));
        throw new Error('the change itself failed');
      }),
    ).rejects.toThrow('the change itself failed');
    expect(await rowsFor(targetId)).toBe(0);
  });

  it('an entry recorded in a committed transaction is listed with everything it said', async () => {
    const collectiveId = randomUUID();
    const actor = {
      userId: randomUUID(),
      role: 'admin',
      sessionId: randomUUID(),
      requestId: 'req-audit-1',
    };
    await dataSource.transaction((manager) =>
      audit.record(manager, {
        actor,
        action: 'collective.rename',
        targetType: 'collective',
        targetId: collectiveId,
        collectiveId,
        before: { name: 'Old' },
        after: { name: 'New' },
      }),
    );
    const page = await audit.list({ collectiveId });
    expect(page.nextCursor).toBeNull();
    expect(page.events).toEqual([
      expect.objectContaining({
        actorUserId: actor.userId,
        requestId: 'req-audit-1',
        action: 'collective.rename',
        targetType: 'collective',
        targetId: collectiveId,
        collectiveId,
        before: { name: 'Old' },
        after: { name: 'New' },
        occurredAt: expect.any(Date),
      }),
    ]);
  });

  it('records the system as an actor with no user, and filters combine', async () => {
    const targetId = randomUUID();
    await dataSource.transaction(async (manager) => {
      await audit.record(manager, entry({ actor: { userId: null, requestId: null }, targetId }));
      await audit.record(manager, entry({ targetId, action: 'drop.cancel' }));
    });
    const bySystem = await audit.list({ targetType: 'drop', targetId, action: 'drop.schedule' });
    expect(bySystem.events).toHaveLength(1);
    expect(bySystem.events[0]).toMatchObject({ actorUserId: null, requestId: null, before: null });
  });

  it("a collective's listing holds its own entries and no other collective's", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await dataSource.transaction(async (manager) => {
      await audit.record(manager, entry({ collectiveId: a }));
      await audit.record(manager, entry({ collectiveId: b }));
      await audit.record(manager, entry({ collectiveId: a }));
    });
    const ofA = await audit.list({ collectiveId: a });
    expect(ofA.events).toHaveLength(2);
    expect(ofA.events.every((e) => e.collectiveId === a)).toBe(true);
    expect((await audit.list({ collectiveId: b })).events).toHaveLength(1);
  });

  it('walking the cursor visits every entry once, newest first, including entries that share a timestamp', async () => {
    const collectiveId = randomUUID();
    // Entries of one transaction share `now()`, so only the id orders them: the hard case.
    await dataSource.transaction(async (manager) => {
      for (let i = 0; i < 4; i++) await audit.record(manager, entry({ collectiveId }));
    });
    for (let i = 0; i < 3; i++) {
      await dataSource.transaction((manager) => audit.record(manager, entry({ collectiveId })));
    }

    const walk = async (query: { collectiveId?: string }): Promise<string[]> => {
      const seen: string[] = [];
      let before: string | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await audit.list({ ...query, limit: 3, before });
        seen.push(...page.events.map((e) => e.id));
        if (!page.nextCursor) return seen;
        before = page.nextCursor;
      }
      throw new Error('the cursor never ended');
    };
    const expectedOrder = async (where: string, params: unknown[]): Promise<string[]> =>
      (
        await db.query<{ id: string }>(
          `SELECT id FROM audit_events ${where} ORDER BY occurred_at DESC, id DESC`,
          params,
        )
      ).rows.map((r) => r.id);

    expect(await walk({ collectiveId })).toEqual(
      await expectedOrder('WHERE collective_id = $1', [collectiveId]),
    );
    const everything = await walk({});
    expect(new Set(everything).size).toBe(everything.length);
    expect(everything).toEqual(await expectedOrder('', []));
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(audit.list({ before: 'not-a-cursor' })).rejects.toBeInstanceOf(
      AuditCursorInvalidError,
    );
    const unknownRow = Buffer.from(`ae1:${randomUUID()}`).toString('base64url');
    await expect(audit.list({ before: unknownRow })).rejects.toBeInstanceOf(
      AuditCursorInvalidError,
    );
  });

  it('the table refuses to change or lose an entry', async () => {
    const targetId = randomUUID();
    await dataSource.transaction((manager) => audit.record(manager, entry({ targetId })));
    await expect(
      db.query(`UPDATE audit_events SET action = 'x.y' WHERE target_id = $1`, [targetId]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(
      db.query('DELETE FROM audit_events WHERE target_id = $1', [targetId]),
    ).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.query('TRUNCATE audit_events')).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
    expect(await rowsFor(targetId)).toBe(1);
  });
});
