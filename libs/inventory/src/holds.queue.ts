/** Queue contract between the inventory library (producer) and the worker's hold processor. */
export const HOLDS_QUEUE = 'holds';

export const HoldJob = {
  /** End one hold when its time is up. */
  Expire: 'expire',
  /** Repeatable safety net: expire every hold that is due, whatever happened to its job. */
  Sweep: 'sweep',
  /** Repeatable: compare the admission counters of live drops with Postgres and repair. */
  Reconcile: 'reconcile',
} as const;

export interface ExpireHoldJob {
  holdId: string;
}

/** One expiry job per hold, so scheduling twice (a retried request) yields one job. */
export const expireJobIdFor = (holdId: string): string => `hold:${holdId}:expire`;
export const SWEEP_JOB_ID = 'holds-sweep';
export const RECONCILE_JOB_ID = 'holds-reconcile';
