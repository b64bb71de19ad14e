import { DomainError } from '@limited-run/platform';

export class CollectiveNotFoundError extends DomainError {
  constructor() {
    super('COLLECTIVE_NOT_FOUND', 'not_found', 'There is no collective with this slug.');
  }
}

export class NotAMemberError extends DomainError {
  constructor() {
    super('NOT_A_MEMBER', 'forbidden', 'Only members of this collective may do this.');
  }
}

export class OwnerRequiredError extends DomainError {
  constructor() {
    super('OWNER_REQUIRED', 'forbidden', 'Only owners of this collective may do this.');
  }
}

export class SlugTakenError extends DomainError {
  constructor() {
    super('SLUG_TAKEN', 'conflict', 'Another collective already uses this slug.');
  }
}

export class OwnerNotFoundError extends DomainError {
  constructor() {
    super('OWNER_NOT_FOUND', 'unprocessable', 'The owner must be an existing, active account.', [
      { field: 'ownerEmail', message: 'no active account has this email' },
    ]);
  }
}

export class MemberNotFoundError extends DomainError {
  constructor() {
    super('MEMBER_NOT_FOUND', 'not_found', 'This user is not a member of this collective.');
  }
}

export class LastOwnerError extends DomainError {
  constructor() {
    super(
      'LAST_OWNER',
      'conflict',
      'A collective must keep at least one owner; make someone else owner first.',
    );
  }
}

export class AlreadyMemberError extends DomainError {
  constructor() {
    super('ALREADY_MEMBER', 'conflict', 'This person is already a member of this collective.');
  }
}

/** One answer for unknown, expired, revoked and used tokens, so the API is no token oracle. */
export class InviteNotFoundError extends DomainError {
  constructor() {
    super('INVITE_NOT_FOUND', 'not_found', 'This invite does not exist or can no longer be used.');
  }
}

export class InviteEmailMismatchError extends DomainError {
  constructor() {
    super(
      'INVITE_EMAIL_MISMATCH',
      'forbidden',
      'This invite was sent to another email address; sign in with that account to accept it.',
    );
  }
}
