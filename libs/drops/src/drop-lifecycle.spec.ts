import { DROP_STATES, type DropState } from './drop.entity';
import { assertDropTransition, canTransition, DROP_TRANSITIONS } from './drop-lifecycle';
import { InvalidDropTransitionError } from './drops.errors';

const ALLOWED: Array<[DropState, DropState]> = [
  ['draft', 'scheduled'],
  ['draft', 'cancelled'],
  ['scheduled', 'live'],
  ['scheduled', 'cancelled'],
  ['live', 'sold_out'],
  ['live', 'closed'],
  ['live', 'cancelled'],
  // Issue 11: sold out follows the stock (units that come back reopen it) and ends at endsAt.
  ['sold_out', 'live'],
  ['sold_out', 'closed'],
];

describe('drop lifecycle', () => {
  it('allows exactly draft → scheduled → live → sold_out | closed, and cancelling before the end', () => {
    const allowed = DROP_STATES.flatMap((from) =>
      DROP_STATES.filter((to) => canTransition(from, to)).map((to) => [from, to]),
    );
    expect(allowed.sort()).toEqual([...ALLOWED].sort());
    expect(Object.keys(DROP_TRANSITIONS).sort()).toEqual([...DROP_STATES].sort());
  });

  it('refuses every other move with INVALID_DROP_TRANSITION naming from and to', () => {
    for (const from of DROP_STATES) {
      for (const to of DROP_STATES) {
        if (ALLOWED.some(([f, t]) => f === from && t === to)) {
          expect(() => assertDropTransition(from, to)).not.toThrow();
          continue;
        }
        let error: unknown;
        try {
          assertDropTransition(from, to);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InvalidDropTransitionError);
        const refusal = error as InvalidDropTransitionError;
        expect(refusal.code).toBe('INVALID_DROP_TRANSITION');
        expect(refusal.kind).toBe('conflict');
        expect(refusal.details?.[0]).toMatchObject({ from, to });
      }
    }
  });
});
