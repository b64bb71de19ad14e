import { DomainError, type DomainErrorDetail } from '@limited-run/platform';
import type { DropState } from './drop.entity';

export class DropNotFoundError extends DomainError {
  constructor() {
    super('DROP_NOT_FOUND', 'not_found', 'There is no such drop.');
  }
}

export class DropLineNotFoundError extends DomainError {
  constructor() {
    super('DROP_LINE_NOT_FOUND', 'not_found', 'This drop has no line for this variant.');
  }
}

export class DropSlugTakenError extends DomainError {
  constructor() {
    super(
      'DROP_SLUG_TAKEN',
      'conflict',
      'Another drop of this collective already uses this slug.',
      [{ field: 'slug', message: 'slug must be unique within the collective' }],
    );
  }
}

/** The state machine does not allow this move; `details` carry `from` and `to`. */
export class InvalidDropTransitionError extends DomainError {
  constructor(
    readonly from: DropState,
    readonly to: DropState,
  ) {
    super('INVALID_DROP_TRANSITION', 'conflict', `A ${from} drop cannot become ${to}.`, [
      { field: 'state', message: `${from} → ${to} is not allowed`, from, to },
    ]);
  }
}

/** The change is not allowed in the drop's current state (lines after draft, anything once live). */
export class DropFrozenError extends DomainError {
  constructor(state: DropState, what: string) {
    super('DROP_FROZEN', 'conflict', `A ${state} drop's ${what} can no longer change.`, [
      { field: 'state', message: `the drop is ${state}`, state },
    ]);
  }
}

/** The drop's fields contradict each other (a raffle without an entry window, an end before its start). */
export class InvalidDropError extends DomainError {
  constructor(details: DomainErrorDetail[]) {
    super('INVALID_DROP', 'unprocessable', 'The drop is not consistent.', details);
  }
}

/** Scheduling checks everything, including the clock; `details` list every problem at once. */
export class DropNotSchedulableError extends DomainError {
  constructor(details: DomainErrorDetail[]) {
    super(
      'DROP_NOT_SCHEDULABLE',
      'unprocessable',
      'The drop cannot be scheduled as it is.',
      details,
    );
  }
}

export class EndsAtNotExtendedError extends DomainError {
  constructor(message: string) {
    super('ENDS_AT_NOT_EXTENDED', 'unprocessable', 'endsAt can only move later.', [
      { field: 'endsAt', message },
    ]);
  }
}
