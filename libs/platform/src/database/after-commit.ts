import { Logger } from '@nestjs/common';
import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/**
 * A side effect a transaction justifies (a queue job, a mail dispatch, a Redis mirror, a live
 * publish), kept with the transaction level it was registered at. A step of a batch carries its
 * item; the batch's items run as one call.
 */
type Step = { what: string; depth: number } & (
  | { run: () => Promise<unknown> }
  | { item: unknown; runAll: (items: unknown[]) => Promise<unknown> }
);

const logger = new Logger('AfterCommit');

/** The steps waiting for each open transaction; a query runner holds one transaction at a time. */
const waiting = new WeakMap<QueryRunner, Step[]>();

/** Data sources whose commits and rollbacks are already watched. */
const watched = new WeakSet<DataSource>();

/** TypeORM keeps the depth protected: 1 is the transaction itself, 2 its first savepoint. */
const depthOf = (runner: QueryRunner): number =>
  (runner as unknown as { transactionDepth: number }).transactionDepth;

/**
 * The one way to run a side effect after commit (docs/architecture.md, "After commit: one
 * mechanism"). Called with the manager of the transaction that justifies it, wherever that
 * transaction was opened: a service that joins its caller's transaction registers its own side
 * effects, and they all run, in the order registered, once the outermost transaction has
 * committed. A rollback drops them, and so does the rollback of the savepoint (a nested
 * `manager.transaction`) they were registered in; raw `SAVEPOINT` SQL is invisible to TypeORM
 * and so to this. Each step runs even if an earlier one failed; a failure is logged and never
 * thrown, because the commit stands and what a step does has a durable record behind it (an
 * outbox row and its sweep, the expiry sweep, counter reconciliation).
 *
 * Given a manager outside any transaction, the write before it has already committed, so the
 * step runs at once. Steps run before `dataSource.transaction(...)` returns, once its
 * connection is back in the pool, so a step may read or open a transaction of its own like any
 * other caller.
 */
export async function afterCommit(
  manager: EntityManager,
  what: string,
  run: () => Promise<unknown>,
): Promise<void> {
  await register(manager, { what, run, depth: 0 });
}

/**
 * `afterCommit` for side effects that are cheaper together (one `addBulk` for every mail a
 * transaction wrote): the items registered with the same `runAll` in one transaction run as one
 * call, at the place of the first, with the items whose registration survived (a rolled-back
 * savepoint takes its items out).
 */
export async function afterCommitBatched<T>(
  manager: EntityManager,
  what: string,
  item: T,
  runAll: (items: T[]) => Promise<unknown>,
): Promise<void> {
  await register(manager, {
    what,
    item,
    runAll: runAll as (items: unknown[]) => Promise<unknown>,
    depth: 0,
  });
}

async function register(manager: EntityManager, step: Step): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    await runSteps([step]);
    return;
  }
  watch(runner.dataSource);
  const steps = waiting.get(runner) ?? [];
  steps.push({ ...step, depth: depthOf(runner) });
  waiting.set(runner, steps);
}

/**
 * Hears every commit and rollback of one data source (TypeORM broadcasts both, savepoints
 * included, and awaits the handlers inside `commitTransaction`).
 */
class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    const steps = waiting.get(queryRunner);
    if (!steps) return;
    const depth = depthOf(queryRunner);
    if (depth > 0) {
      // A savepoint was released: what it registered now belongs to the enclosing level.
      for (const step of steps) step.depth = Math.min(step.depth, depth);
      return;
    }
    waiting.delete(queryRunner);
    runOnceReleased(queryRunner, steps);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    const steps = waiting.get(queryRunner);
    if (!steps) return;
    const depth = depthOf(queryRunner);
    const kept = steps.filter((step) => step.depth <= depth);
    if (depth === 0 || kept.length === 0) waiting.delete(queryRunner);
    else waiting.set(queryRunner, kept);
  }
}

/**
 * Runs a committed transaction's steps right after its connection goes back to the pool, still
 * before `dataSource.transaction(...)` returns (it awaits `release()` in its `finally`). Run any
 * earlier, a step that reads (a Redis mirror reads its line) would take a second connection
 * while holding the first, and enough transactions committing at once (eight payment events in
 * one worker) hold the whole pool, each waiting for another: a hang with no error.
 */
function runOnceReleased(runner: QueryRunner, steps: readonly Step[]): void {
  const release = runner.release.bind(runner);
  runner.release = async () => {
    try {
      await release();
    } finally {
      await runSteps(steps);
    }
  };
}

function watch(dataSource: DataSource): void {
  if (watched.has(dataSource)) return;
  watched.add(dataSource);
  dataSource.subscribers.push(new AfterCommitSubscriber());
}

async function runSteps(steps: readonly Step[]): Promise<void> {
  const batched = new Set<Step>();
  for (const step of steps) {
    if (batched.has(step)) continue;
    try {
      if ('run' in step) {
        await step.run();
      } else {
        const batch = steps.filter((other) => 'runAll' in other && other.runAll === step.runAll);
        batch.forEach((member) => batched.add(member));
        await step.runAll(batch.map((member) => ('item' in member ? member.item : undefined)));
      }
    } catch (error) {
      logger.warn(
        { err: error, step: step.what },
        'after-commit step failed; the durable record behind it covers it',
      );
    }
  }
}
