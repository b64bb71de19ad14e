/**
 * What the drop page's buy box says about time, for each public state. "Opens <time>" belongs
 * only to a drop that has not opened to everyone yet: once it is live, sold out or closed the
 * time is in the past ("Opened"), and a cancelled drop never opens at all.
 */
export type PublicDropState =
  'scheduled' | 'early_access' | 'live' | 'sold_out' | 'closed' | 'cancelled';

export interface ScheduledTimes {
  startsAt: string;
  endsAt?: string | null;
  earlyAccessStartsAt?: string | null;
}

export interface ScheduleFact {
  label: string;
  at: string;
}

export function dropSchedule(state: PublicDropState, drop: ScheduledTimes): ScheduleFact[] {
  const ends: ScheduleFact[] = drop.endsAt ? [{ label: 'ends', at: drop.endsAt }] : [];
  switch (state) {
    case 'scheduled':
      return [
        ...(drop.earlyAccessStartsAt
          ? [{ label: 'Early access opens', at: drop.earlyAccessStartsAt }]
          : []),
        { label: drop.earlyAccessStartsAt ? 'opens to everyone' : 'Opens', at: drop.startsAt },
        ...ends,
      ];
    case 'early_access':
      return [{ label: 'Opens to everyone', at: drop.startsAt }, ...ends];
    case 'live':
    case 'sold_out':
      return [{ label: 'Opened', at: drop.startsAt }, ...ends];
    case 'closed':
      return [
        { label: 'Opened', at: drop.startsAt },
        ...(drop.endsAt ? [{ label: 'ended', at: drop.endsAt }] : []),
      ];
    case 'cancelled':
      return [];
  }
}
