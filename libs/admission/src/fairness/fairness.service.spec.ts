import { type DropTerms } from '@limited-run/drops';
import { entriesStillOpen, proofKindOf } from './fairness.service';

const at = (iso: string) => new Date(iso);
const drop = (over: Partial<DropTerms>): DropTerms => ({
  id: 'd',
  collectiveId: 'c',
  name: 'Drop',
  state: 'scheduled',
  releaseMode: 'raffle',
  startsAt: at('2030-01-01T12:00:00Z'),
  endsAt: null,
  earlyAccessStartsAt: null,
  entryClosesAt: at('2030-01-01T11:00:00Z'),
  holdSeconds: 600,
  perCustomerLimit: 1,
  now: at('2030-01-01T10:00:00Z'),
  ...over,
});

describe('when a commitment may be made', () => {
  it('a raffle: until its entry cutoff, while scheduled', () => {
    expect(entriesStillOpen(drop({}))).toBe(true);
    expect(entriesStillOpen(drop({ now: at('2030-01-01T11:00:00Z') }))).toBe(false);
    expect(entriesStillOpen(drop({ state: 'cancelled' }))).toBe(false);
  });

  it('a waiting room: until the opening; waitlist_first drops have no draw', () => {
    const firstCome = { releaseMode: 'first_come' as const, entryClosesAt: null };
    expect(entriesStillOpen(drop(firstCome))).toBe(true);
    expect(entriesStillOpen(drop({ ...firstCome, now: at('2030-01-01T12:00:00Z') }))).toBe(false);
    expect(entriesStillOpen(drop({ ...firstCome, state: 'live' }))).toBe(false);
    expect(entriesStillOpen(drop({ releaseMode: 'waitlist_first', entryClosesAt: null }))).toBe(
      false,
    );
    expect([
      proofKindOf('raffle'),
      proofKindOf('first_come'),
      proofKindOf('waitlist_first'),
    ]).toEqual(['raffle', 'queue', null]);
  });
});
