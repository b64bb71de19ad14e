import type { INestApplicationContext } from '@nestjs/common';
import {
  HoldExpiryProcessor,
  type SweepOutcome,
} from '../../apps/worker/src/processors/hold-expiry.processor';

/**
 * Runs a hold sweep over what is due now, as the worker's repeatable job does. Sweeps take turns
 * across workers: when the worker's own repeatable sweep holds the lease, this waits for it to
 * finish and sweeps again (a sweep that started before the test made a hold due missed it).
 */
export async function sweepHoldsNow(worker: INestApplicationContext): Promise<SweepOutcome> {
  const processor = worker.get(HoldExpiryProcessor);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const outcome = await processor.sweep();
    if (!('skipped' in outcome)) return outcome;
    if (Date.now() > deadline) throw new Error('another hold sweep held the lease for 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
