import { dropShapeProblems, type DropTiming, scheduleProblems } from './drop-rules';

const at = (minutes: number): Date => new Date(Date.UTC(2026, 10, 26, 10, minutes));
const base: DropTiming = {
  releaseMode: 'first_come',
  startsAt: at(30),
  endsAt: at(90),
  earlyAccessStartsAt: null,
  entryClosesAt: null,
};
const fields = (problems: Array<{ field?: string }>): Array<string | undefined> =>
  problems.map((p) => p.field);

describe('dropShapeProblems', () => {
  it('accepts a consistent drop of each release mode', () => {
    expect(dropShapeProblems(base)).toEqual([]);
    expect(dropShapeProblems({ ...base, endsAt: null })).toEqual([]);
    expect(
      dropShapeProblems({ ...base, releaseMode: 'waitlist_first', earlyAccessStartsAt: at(20) }),
    ).toEqual([]);
    expect(dropShapeProblems({ ...base, releaseMode: 'raffle', entryClosesAt: at(30) })).toEqual(
      [],
    );
  });

  it('refuses an end at or before the start', () => {
    expect(fields(dropShapeProblems({ ...base, endsAt: at(30) }))).toEqual(['endsAt']);
  });

  it('requires the early-access start before startsAt, and only for waitlist_first', () => {
    expect(fields(dropShapeProblems({ ...base, releaseMode: 'waitlist_first' }))).toEqual([
      'earlyAccessStartsAt',
    ]);
    expect(
      fields(
        dropShapeProblems({ ...base, releaseMode: 'waitlist_first', earlyAccessStartsAt: at(30) }),
      ),
    ).toEqual(['earlyAccessStartsAt']);
    expect(fields(dropShapeProblems({ ...base, earlyAccessStartsAt: at(10) }))).toEqual([
      'earlyAccessStartsAt',
    ]);
  });

  it('requires the raffle entry window to close at or before startsAt, and only for raffles', () => {
    expect(fields(dropShapeProblems({ ...base, releaseMode: 'raffle' }))).toEqual([
      'entryClosesAt',
    ]);
    expect(
      fields(dropShapeProblems({ ...base, releaseMode: 'raffle', entryClosesAt: at(31) })),
    ).toEqual(['entryClosesAt']);
    expect(fields(dropShapeProblems({ ...base, entryClosesAt: at(10) }))).toEqual([
      'entryClosesAt',
    ]);
  });
});

describe('scheduleProblems', () => {
  it('accepts a drop with lines whose instants are all ahead', () => {
    expect(scheduleProblems(base, 2, at(0))).toEqual([]);
  });

  it('lists every problem at once: no lines, a start in the past, an inconsistent end', () => {
    const problems = scheduleProblems({ ...base, endsAt: at(10) }, 0, at(45));
    expect(fields(problems).sort()).toEqual(['endsAt', 'lines', 'startsAt']);
  });

  it('requires the early-access start and the raffle cut-off to be ahead too', () => {
    expect(
      fields(
        scheduleProblems(
          { ...base, releaseMode: 'waitlist_first', earlyAccessStartsAt: at(5) },
          1,
          at(10),
        ),
      ),
    ).toEqual(['earlyAccessStartsAt']);
    expect(
      fields(scheduleProblems({ ...base, releaseMode: 'raffle', entryClosesAt: at(5) }, 1, at(10))),
    ).toEqual(['entryClosesAt']);
  });
});
