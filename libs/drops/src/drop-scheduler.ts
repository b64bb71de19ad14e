import { afterCommit, registerSweep, type SweepTiming } from '@limited-run/platform';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import type { EntityManager } from 'typeorm';
import type { Drop } from './drop.entity';
import {
  closeJobId,
  type CloseDropJob,
  DROPS_QUEUE,
  DropJob,
  openJobId,
  type OpenDropJob,
  SWEEP_JOB_ID,
} from './drops.queue';

type Timed = Pick<Drop, 'id' | 'startsAt' | 'endsAt'>;

const ONE_SHOT: JobOptions = { removeOnComplete: true, removeOnFail: 100 };

/**
 * Producer of the drops queue. Call it only after the transaction that scheduled or changed the
 * drop has committed. Jobs are an optimisation for punctuality: the worker's sweep opens and
 * closes due drops even when a job is lost, so a failure here is never fatal.
 */
@Injectable()
export class DropScheduler {
  constructor(@InjectQueue(DROPS_QUEUE) private readonly queue: Queue) {}

  /** Delayed jobs to open the drop at `startsAt` and close it at `endsAt`, replacing older ones. */
  async schedule(drop: Timed): Promise<void> {
    const open: OpenDropJob = { dropId: drop.id, startsAt: drop.startsAt.toISOString() };
    await this.put(openJobId(drop.id), DropJob.Open, open, drop.startsAt);
    await this.scheduleClose(drop);
  }

  /**
   * `schedule`, queued once the transaction of `manager` commits; if Redis refuses then, the
   * sweep still acts on time.
   */
  async scheduleAfterCommit(manager: EntityManager, drop: Timed): Promise<void> {
    await afterCommit(manager, "queue the drop's open and close jobs", () => this.schedule(drop));
  }

  /** The close job alone, after `endsAt` moved. */
  async scheduleClose(drop: Pick<Drop, 'id' | 'endsAt'>): Promise<void> {
    if (!drop.endsAt) {
      await this.remove(closeJobId(drop.id));
      return;
    }
    const close: CloseDropJob = { dropId: drop.id, endsAt: drop.endsAt.toISOString() };
    await this.put(closeJobId(drop.id), DropJob.Close, close, drop.endsAt);
  }

  /** Drops a cancelled drop's pending jobs (they would find nothing to do anyway). */
  async unschedule(dropId: string): Promise<void> {
    await this.remove(openJobId(dropId));
    await this.remove(closeJobId(dropId));
  }

  /** The repeatable sweep; registering it on another timing replaces it. */
  async scheduleSweep(timing: SweepTiming): Promise<void> {
    await registerSweep(this.queue, DropJob.Sweep, SWEEP_JOB_ID, timing);
  }

  /**
   * Enqueues a job under a fixed id, replacing a pending one with other data. Enqueuing the same
   * data again is a no-op, which makes re-scheduling idempotent. A job that is running right now
   * cannot be replaced; it will find the drop not due, and the sweep acts at the new time.
   */
  private async put(jobId: string, name: string, data: object, at: Date): Promise<void> {
    const existing = await this.queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      const pending = state === 'delayed' || state === 'waiting' || state === 'paused';
      if (pending && JSON.stringify(existing.data) === JSON.stringify(data)) return;
      if (state !== 'active') await existing.remove();
    }
    await this.queue.add(name, data, {
      ...ONE_SHOT,
      jobId,
      delay: Math.max(0, at.getTime() - Date.now()),
    });
  }

  private async remove(jobId: string): Promise<void> {
    const existing = await this.queue.getJob(jobId);
    if (existing && (await existing.getState()) !== 'active') await existing.remove();
  }
}
