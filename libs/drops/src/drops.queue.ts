/** Queue contract between the drops library (producer) and the worker's drop-schedule processor. */
export const DROPS_QUEUE = 'drops';

export const DropJob = {
  /** Open one scheduled drop at its `startsAt`. */
  Open: 'open',
  /** Close one live drop at its `endsAt`. */
  Close: 'close',
  /** Repeatable safety net: open and close every drop that is due, whatever happened to its jobs. */
  Sweep: 'sweep',
} as const;

export interface OpenDropJob {
  dropId: string;
  /** The `startsAt` the job was enqueued for (ISO 8601); a job for an older time is stale. */
  startsAt: string;
}

export interface CloseDropJob {
  dropId: string;
  /** The `endsAt` the job was enqueued for (ISO 8601). */
  endsAt: string;
}

/** One job per drop and purpose, so enqueuing twice (a retried request) yields one job. */
export const openJobId = (dropId: string): string => `drop:${dropId}:open`;
export const closeJobId = (dropId: string): string => `drop:${dropId}:close`;
export const SWEEP_JOB_ID = 'drops-sweep';
