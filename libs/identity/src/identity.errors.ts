import { DomainError } from '@limited-run/platform';

export class EmailTakenError extends DomainError {
  constructor() {
    super('EMAIL_TAKEN', 'conflict', 'An account with this email already exists.');
  }
}
