// The drop page's buy box once said "Opens <time>" whatever the state: a live, sold-out or
// closed drop claimed to open in the past, and a cancelled one to open at all. The words come
// from one function; every public state is checked here.
import { dropSchedule, type PublicDropState } from '../apps/web/src/storefront/drop-schedule';

const startsAt = '2030-01-01T18:00:00.000Z';
const endsAt = '2030-01-02T18:00:00.000Z';
const earlyAccessStartsAt = '2030-01-01T17:00:00.000Z';
const labels = (state: PublicDropState, times: Parameters<typeof dropSchedule>[1]) =>
  dropSchedule(state, times).map((fact) => `${fact.label} ${fact.at}`);

describe('the drop page schedule line', () => {
  it.each<[PublicDropState, string[]]>([
    ['scheduled', [`Opens ${startsAt}`, `ends ${endsAt}`]],
    ['early_access', [`Opens to everyone ${startsAt}`, `ends ${endsAt}`]],
    ['live', [`Opened ${startsAt}`, `ends ${endsAt}`]],
    ['sold_out', [`Opened ${startsAt}`, `ends ${endsAt}`]],
    ['closed', [`Opened ${startsAt}`, `ended ${endsAt}`]],
    ['cancelled', []],
  ])('reads right when the drop is %s', (state, expected) => {
    expect(labels(state, { startsAt, endsAt })).toEqual(expected);
  });

  it('says "Opens" only before the drop opens to everyone', () => {
    const states: PublicDropState[] = [
      'scheduled',
      'early_access',
      'live',
      'sold_out',
      'closed',
      'cancelled',
    ];
    const saysOpens = states.filter((state) =>
      labels(state, { startsAt, endsAt: null }).some((line) => line.startsWith('Opens ')),
    );
    expect(saysOpens).toEqual(['scheduled', 'early_access']);
  });

  it('names early access before it starts, and the general opening after', () => {
    expect(labels('scheduled', { startsAt, earlyAccessStartsAt })).toEqual([
      `Early access opens ${earlyAccessStartsAt}`,
      `opens to everyone ${startsAt}`,
    ]);
    expect(labels('early_access', { startsAt, earlyAccessStartsAt })).toEqual([
      `Opens to everyone ${startsAt}`,
    ]);
  });
});
