import type { DomainErrorDetail } from '@limited-run/platform';
import type { ReleaseMode } from './drop.entity';

/** The fields that decide when a drop happens and how it releases. */
export interface DropTiming {
  releaseMode: ReleaseMode;
  startsAt: Date;
  endsAt: Date | null;
  earlyAccessStartsAt: Date | null;
  entryClosesAt: Date | null;
}

/**
 * Contradictions that do not depend on the clock; the CHECKs on `drops` hold the same rules,
 * this names the fields for the client. Empty when consistent.
 */
export function dropShapeProblems(drop: DropTiming): DomainErrorDetail[] {
  const problems: DomainErrorDetail[] = [];
  if (drop.endsAt && drop.endsAt <= drop.startsAt) {
    problems.push({ field: 'endsAt', message: 'endsAt must be after startsAt' });
  }
  if (drop.releaseMode === 'waitlist_first') {
    if (!drop.earlyAccessStartsAt) {
      problems.push({
        field: 'earlyAccessStartsAt',
        message: 'a waitlist_first drop needs earlyAccessStartsAt',
      });
    } else if (drop.earlyAccessStartsAt >= drop.startsAt) {
      problems.push({
        field: 'earlyAccessStartsAt',
        message: 'earlyAccessStartsAt must be before startsAt',
      });
    }
  } else if (drop.earlyAccessStartsAt) {
    problems.push({
      field: 'earlyAccessStartsAt',
      message: 'earlyAccessStartsAt is only for waitlist_first drops',
    });
  }
  if (drop.releaseMode === 'raffle') {
    if (!drop.entryClosesAt) {
      problems.push({ field: 'entryClosesAt', message: 'a raffle drop needs entryClosesAt' });
    } else if (drop.entryClosesAt > drop.startsAt) {
      problems.push({
        field: 'entryClosesAt',
        message: 'entryClosesAt must be at or before startsAt',
      });
    }
  } else if (drop.entryClosesAt) {
    problems.push({ field: 'entryClosesAt', message: 'entryClosesAt is only for raffle drops' });
  }
  return problems;
}

/**
 * Everything scheduling checks on top of the shape: something to sell, and every instant still
 * ahead of `now`. Empty when the drop may be scheduled.
 */
export function scheduleProblems(
  drop: DropTiming,
  lineCount: number,
  now: Date,
): DomainErrorDetail[] {
  const problems = dropShapeProblems(drop);
  if (lineCount === 0) {
    problems.push({ field: 'lines', message: 'a drop needs at least one line' });
  }
  const ahead: Array<[keyof DropTiming, Date | null]> = [
    ['startsAt', drop.startsAt],
    ['earlyAccessStartsAt', drop.earlyAccessStartsAt],
    ['entryClosesAt', drop.entryClosesAt],
  ];
  for (const [field, at] of ahead) {
    if (at && at <= now) problems.push({ field, message: `${field} must be in the future` });
  }
  return problems;
}
