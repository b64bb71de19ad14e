import type { Drop, DropState } from './drop.entity';

/**
 * The state a fan reads (`GET /drops/:id`, the catalogue, the live stream). The stored
 * lifecycle has no early-access state: a `waitlist_first` drop is `scheduled` until it goes
 * live, but while its early-access window is open waitlisted fans are buying, and the public
 * is told so.
 */
export const PUBLIC_DROP_STATES = [
  'scheduled',
  'early_access',
  'live',
  'sold_out',
  'closed',
  'cancelled',
] as const;
export type PublicDropState = (typeof PUBLIC_DROP_STATES)[number];

/**
 * The stored states in which a drop exists for fans' actions (availability, waitlists, the
 * waiting room, raffles, the fairness proof): a draft is not public yet and a cancelled drop
 * takes nothing more.
 */
export const VISIBLE_DROP_STATES: readonly DropState[] = [
  'scheduled',
  'live',
  'sold_out',
  'closed',
];

type StateFacts = Pick<Drop, 'state' | 'releaseMode' | 'earlyAccessStartsAt'>;

/** The public state of a drop at `now`; null for a draft, which the public never sees. */
export function publicDropState(drop: StateFacts, now: Date = new Date()): PublicDropState | null {
  switch (drop.state) {
    case 'draft':
      return null;
    case 'scheduled':
      return drop.releaseMode === 'waitlist_first' &&
        drop.earlyAccessStartsAt !== null &&
        drop.earlyAccessStartsAt.getTime() <= now.getTime()
        ? 'early_access'
        : 'scheduled';
    case 'live':
    case 'sold_out':
    case 'closed':
    case 'cancelled':
      return drop.state;
  }
}
