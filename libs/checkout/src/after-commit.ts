import type { PinoLogger } from 'nestjs-pino';

/**
 * Side effects a transaction justifies, run once it has committed (queue jobs, Redis counters,
 * mail dispatch). Each runs even if an earlier one failed; a failure is logged, because every
 * one of them has a safety net (outbox sweep, refund sweep, counter reconciliation).
 */
export class AfterCommit {
  private readonly steps: Array<{ what: string; run: () => Promise<unknown> }> = [];

  add(what: string, run: () => Promise<unknown>): void {
    this.steps.push({ what, run });
  }

  get isEmpty(): boolean {
    return this.steps.length === 0;
  }

  async run(logger: PinoLogger): Promise<void> {
    for (const step of this.steps) {
      try {
        await step.run();
      } catch (error) {
        logger.warn(
          { err: error, step: step.what },
          'after-commit step failed; its sweep will retry',
        );
      }
    }
  }
}
