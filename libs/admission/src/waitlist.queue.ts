/** Queue contract between this library (producer) and the worker's raffle, room and waitlist processors. */
export const WAITLIST_QUEUE = 'waitlist';

export const WaitlistJob = {
  /** Draw one raffle at its entry cutoff. */
  Draw: 'raffle-draw',
  /** Repeatable safety net: overdue draws, lapsed raffle wins to pass down the line. */
  RaffleSweep: 'raffle-sweep',
  /** Shuffle one waiting room's pre-queue at its drop's opening. */
  OpenRoom: 'room-open',
  /** Repeatable: tell waitlists that a drop (or its early access) opened; second-chance offers. */
  WaitlistSweep: 'waitlist-sweep',
} as const;

export interface DrawJob {
  dropId: string;
  /** The cutoff the job was enqueued for (ISO 8601); the draw itself checks the drop's own. */
  at: string;
}

export interface OpenRoomJob {
  dropId: string;
  /** The opening the job was enqueued for (ISO 8601). */
  at: string;
}

/** One job per drop and purpose, so enqueuing again (every entry does) yields one job. */
export const drawJobId = (dropId: string): string => `raffle:${dropId}:draw`;
export const openRoomJobId = (dropId: string): string => `room:${dropId}:open`;
