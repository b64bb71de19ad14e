import { afterCommit, afterCommitBatched, PlatformModule } from '@limited-run/platform';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestDatabase } from './support/test-app';

// Platform's one after-commit mechanism on a real Postgres transaction, as every context uses it.
@Module({ imports: [PlatformModule.forRoot()] })
class PlatformHostModule {}

describe('side effects registered in a transaction run only once it has committed', () => {
  let context: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    await createTestDatabase();
    context = await NestFactory.createApplicationContext(PlatformHostModule, { logger: false });
    dataSource = context.get(DataSource);
  });
  afterAll(async () => {
    await context?.close();
  });

  /** A step that only notes that it ran. */
  const note = (ran: string[], what: string) => (): Promise<void> => {
    ran.push(what);
    return Promise.resolve();
  };

  /** Whether the transaction that `manager` belongs to is still open, seen from a step. */
  const stillOpen = (manager: EntityManager): boolean =>
    manager.queryRunner?.isTransactionActive ?? false;

  it('runs the steps after the commit, in the order registered, before the transaction call returns', async () => {
    const ran: string[] = [];
    let openWhenRun: boolean | undefined;
    const result = await dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1');
      await afterCommit(manager, 'first', () => {
        openWhenRun = stillOpen(manager);
        return note(ran, 'first')();
      });
      await afterCommit(manager, 'second', note(ran, 'second'));
      expect(ran).toEqual([]);
      return 'committed';
    });
    expect(result).toBe('committed');
    expect(ran).toEqual(['first', 'second']);
    expect(openWhenRun).toBe(false);
  });

  it('runs the steps with the connection back in the pool: more transactions than connections, each step reading, all finish', async () => {
    // Run while its transaction's connection was still checked out, a reading step took a second
    // one; with the pool full of such transactions each waited for another, for ever.
    const poolSize = (dataSource.driver.options as { poolSize?: number }).poolSize ?? 10;
    const read: number[] = [];
    const all = Promise.all(
      Array.from({ length: poolSize * 2 }, (_, i) =>
        dataSource.transaction(async (manager) => {
          await manager.query('SELECT pg_sleep(0.05)');
          await afterCommit(manager, `read ${i}`, async () => {
            const [row] = await dataSource.query<Array<{ n: number }>>('SELECT $1::int AS n', [i]);
            read.push(row.n);
          });
        }),
      ),
    );
    const hung = new Promise<'hung'>((resolve) =>
      setTimeout(() => resolve('hung'), 20_000).unref(),
    );
    expect(await Promise.race([all.then(() => 'done' as const), hung])).toBe('done');
    expect(read.sort((a, b) => a - b)).toEqual(Array.from({ length: poolSize * 2 }, (_, i) => i));
  });

  it('never runs a step of a transaction that rolls back', async () => {
    const ran: string[] = [];
    await expect(
      dataSource.transaction(async (manager) => {
        await afterCommit(manager, 'doomed', note(ran, 'doomed'));
        throw new Error('the change itself failed');
      }),
    ).rejects.toThrow('the change itself failed');
    expect(ran).toEqual([]);
    // The same data source goes on working: a later transaction's steps run.
    await dataSource.transaction((manager) => afterCommit(manager, 'later', note(ran, 'later')));
    expect(ran).toEqual(['later']);
  });

  it('waits for the outermost commit: a released savepoint runs nothing yet, a rolled-back one runs nothing ever', async () => {
    const ran: string[] = [];
    await dataSource.transaction(async (outer) => {
      await afterCommit(outer, 'outer', note(ran, 'outer'));
      await outer.transaction((kept) =>
        afterCommit(kept, 'released savepoint', note(ran, 'released savepoint')),
      );
      expect(ran).toEqual([]);
      await expect(
        outer.transaction(async (refused) => {
          await afterCommit(refused, 'rolled-back savepoint', note(ran, 'rolled-back savepoint'));
          throw new Error('refused inside');
        }),
      ).rejects.toThrow('refused inside');
      await afterCommit(outer, 'after the savepoints', note(ran, 'after the savepoints'));
    });
    expect(ran).toEqual(['outer', 'released savepoint', 'after the savepoints']);
  });

  it('drops what a released savepoint registered when the transaction around it rolls back', async () => {
    const ran: string[] = [];
    await expect(
      dataSource.transaction(async (outer) => {
        await outer.transaction((inner) => afterCommit(inner, 'inner', note(ran, 'inner')));
        throw new Error('the outer change failed');
      }),
    ).rejects.toThrow('the outer change failed');
    expect(ran).toEqual([]);
  });

  it('a failing step is logged, never thrown: the commit stands and the next step still runs', async () => {
    const ran: string[] = [];
    const result = await dataSource.transaction(async (manager) => {
      await afterCommit(manager, 'fails', () => Promise.reject(new Error('redis is down')));
      await afterCommit(manager, 'next', note(ran, 'next'));
      return 'committed';
    });
    expect(result).toBe('committed');
    expect(ran).toEqual(['next']);
  });

  it('a step may open its own transaction, whose steps run when that one commits', async () => {
    const ran: string[] = [];
    await dataSource.transaction((manager) =>
      afterCommit(manager, 'opens another', () =>
        dataSource.transaction(async (second) => {
          ran.push('second transaction');
          await afterCommit(second, 'its own step', note(ran, 'its own step'));
        }),
      ),
    );
    expect(ran).toEqual(['second transaction', 'its own step']);
  });

  it('batched items of one transaction run as one call, at the place of the first, without those a savepoint took back', async () => {
    const calls: string[][] = [];
    const ran: string[] = [];
    const runAll = (items: string[]): Promise<void> => {
      calls.push(items);
      return note(ran, 'batch')();
    };
    await dataSource.transaction(async (manager) => {
      await afterCommitBatched(manager, 'mail', 'a', runAll);
      await afterCommit(manager, 'between', note(ran, 'between'));
      await expect(
        manager.transaction(async (refused) => {
          await afterCommitBatched(refused, 'mail', 'refused', runAll);
          throw new Error('refused inside');
        }),
      ).rejects.toThrow('refused inside');
      await afterCommitBatched(manager, 'mail', 'b', runAll);
    });
    expect(calls).toEqual([['a', 'b']]);
    expect(ran).toEqual(['batch', 'between']);
  });

  it('outside any transaction the write has already committed, so the step runs at once', async () => {
    const ran: string[] = [];
    await afterCommit(dataSource.manager, 'no transaction', note(ran, 'no transaction'));
    expect(ran).toEqual(['no transaction']);
  });
});
