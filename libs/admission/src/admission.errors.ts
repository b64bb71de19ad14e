import { DomainError } from '@limited-run/platform';

export class WaitlistClosedError extends DomainError {
  constructor(reason: string) {
    super('WAITLIST_CLOSED', 'conflict', `This drop's waitlist is closed: ${reason}.`);
  }
}

export class NotOnWaitlistError extends DomainError {
  constructor() {
    super('NOT_ON_WAITLIST', 'not_found', 'You are not on this drop’s waitlist.');
  }
}

/** The variant named is not one of the drop's lines. */
export class VariantNotInDropError extends DomainError {
  constructor() {
    super('VARIANT_NOT_IN_DROP', 'not_found', 'This drop has no such variant.', [
      { field: 'variantId', message: 'variantId must be a variant on sale in this drop' },
    ]);
  }
}

/** The drop's proof has no such page (not drawn, published whole, or past its last page). */
export class NoFairnessProofPageError extends DomainError {
  constructor() {
    super('NO_FAIRNESS_PROOF_PAGE', 'not_found', "This drop's proof has no such page.");
  }
}

export class NoFairnessProofError extends DomainError {
  constructor() {
    super(
      'NO_FAIRNESS_PROOF',
      'not_found',
      'This drop has no draw: it is neither a raffle nor a waiting room with a pre-queue.',
    );
  }
}

export class NoWaitingRoomError extends DomainError {
  constructor() {
    super('NO_WAITING_ROOM', 'conflict', 'Only first_come drops have a waiting room.');
  }
}

export class WaitingRoomClosedError extends DomainError {
  constructor(reason: string) {
    super('WAITING_ROOM_CLOSED', 'conflict', `This drop's waiting room is closed: ${reason}.`);
  }
}

export class NotInWaitingRoomError extends DomainError {
  constructor() {
    super('NOT_IN_WAITING_ROOM', 'not_found', 'You are not in this drop’s waiting room.');
  }
}

/** The drop's waiting room is active and the hold came without a valid admission token. */
export class AdmissionRequiredError extends DomainError {
  constructor(reason: string) {
    super(
      'ADMISSION_REQUIRED',
      'forbidden',
      `This drop has a waiting room: hold with the access token it gave you (${reason}).`,
    );
  }
}

/** Early access, a raffle or a second chance reserves the drop's units for other fans right now. */
export class HoldNotOpenToYouError extends DomainError {
  constructor(reason: string) {
    super('HOLD_NOT_OPEN_TO_YOU', 'forbidden', reason);
  }
}
