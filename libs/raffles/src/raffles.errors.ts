import { DomainError } from '@limited-run/platform';

export class NotARaffleError extends DomainError {
  constructor() {
    super('NOT_A_RAFFLE', 'conflict', 'This drop does not release by raffle.');
  }
}

export class RaffleClosedError extends DomainError {
  constructor(reason: string) {
    super('RAFFLE_CLOSED', 'conflict', `Entries to this raffle are closed: ${reason}.`);
  }
}

export class AlreadyEnteredError extends DomainError {
  constructor() {
    super('ALREADY_ENTERED', 'conflict', 'You have already entered this raffle.');
  }
}

export class NotEnteredError extends DomainError {
  constructor() {
    super('NOT_ENTERED', 'not_found', 'You have not entered this raffle.');
  }
}
