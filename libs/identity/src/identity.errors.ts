import { DomainError } from '@limited-run/platform';

export class EmailTakenError extends DomainError {
  constructor() {
    super('EMAIL_TAKEN', 'conflict', 'An account with this email already exists.');
  }
}

/** One answer for an unknown email and a wrong password, so login reveals no accounts. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('INVALID_CREDENTIALS', 'unauthenticated', 'The email or password is wrong.');
  }
}

export class AuthenticationRequiredError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'unauthenticated', 'Sign in: this route needs a bearer access token.');
  }
}

export class AccessTokenExpiredError extends DomainError {
  constructor() {
    super('TOKEN_EXPIRED', 'unauthenticated', 'The access token has expired; refresh it.');
  }
}

export class AccessTokenInvalidError extends DomainError {
  constructor() {
    super('TOKEN_INVALID', 'unauthenticated', 'The access token is not valid.');
  }
}

/** An admin page opened by navigation (the queue dashboard) without its ticket cookie. */
export class TicketRequiredError extends DomainError {
  constructor() {
    super(
      'TICKET_REQUIRED',
      'unauthenticated',
      'Open this page from the admin monitor: it needs a ticket (POST its session route).',
    );
  }
}

export class TicketInvalidError extends DomainError {
  constructor() {
    super('TICKET_INVALID', 'unauthenticated', 'The ticket is not valid or has expired.');
  }
}

export class SessionRevokedError extends DomainError {
  constructor() {
    super('SESSION_REVOKED', 'unauthenticated', 'This session has ended; sign in again.');
  }
}

export class RefreshTokenInvalidError extends DomainError {
  constructor() {
    super('REFRESH_TOKEN_INVALID', 'unauthenticated', 'The refresh token is not valid.');
  }
}

export class RefreshTokenReusedError extends DomainError {
  constructor() {
    super(
      'REFRESH_TOKEN_REUSED',
      'unauthenticated',
      'This refresh token was already used; its session has been ended. Sign in again.',
    );
  }
}

export class AccountSuspendedError extends DomainError {
  constructor() {
    super('ACCOUNT_SUSPENDED', 'forbidden', 'This account is suspended.');
  }
}

export class RoleRequiredError extends DomainError {
  constructor(roles: readonly string[]) {
    super('ROLE_REQUIRED', 'forbidden', `This route is for: ${roles.join(', ')}.`);
  }
}

export class CurrentPasswordWrongError extends DomainError {
  constructor() {
    super('CURRENT_PASSWORD_WRONG', 'forbidden', 'The current password is wrong.');
  }
}

export class UserNotFoundError extends DomainError {
  constructor() {
    super('USER_NOT_FOUND', 'not_found', 'No such user.');
  }
}

export class CannotSuspendSelfError extends DomainError {
  constructor() {
    super('CANNOT_SUSPEND_SELF', 'conflict', 'Admins cannot suspend their own account.');
  }
}

export class AdminPasswordRequiredError extends DomainError {
  constructor() {
    super('ADMIN_PASSWORD_REQUIRED', 'invalid', 'A new admin account needs a password.');
  }
}

/** A cookie-borne refresh must come from this site's own page (see auth/refresh-cookie.ts). */
export class RefreshCookieRefusedError extends DomainError {
  constructor(reason: string) {
    super('REFRESH_COOKIE_REFUSED', 'forbidden', `The refresh cookie was not accepted: ${reason}.`);
  }
}

export class RefreshTokenMissingError extends DomainError {
  constructor() {
    super(
      'REFRESH_TOKEN_MISSING',
      'unauthenticated',
      'Send the refresh token in the body, or sign in again (no session cookie).',
    );
  }
}

/** A reset link that was never issued (or was mistyped): the same answer whatever it is. */
export class PasswordResetTokenInvalidError extends DomainError {
  constructor() {
    super('PASSWORD_RESET_TOKEN_INVALID', 'invalid', 'This password-reset link is not valid.');
  }
}

export class PasswordResetTokenUsedError extends DomainError {
  constructor() {
    super(
      'PASSWORD_RESET_TOKEN_USED',
      'invalid',
      'This password-reset link was already used or replaced by a newer one; request a new link.',
    );
  }
}

export class PasswordResetTokenExpiredError extends DomainError {
  constructor() {
    super(
      'PASSWORD_RESET_TOKEN_EXPIRED',
      'invalid',
      'This password-reset link has expired; request a new link.',
    );
  }
}

/** The first admin exists: the setup page has done its job and is closed for good. */
export class SetupAlreadyDoneError extends DomainError {
  constructor() {
    super(
      'SETUP_ALREADY_DONE',
      'conflict',
      'This platform already has an admin; sign in, or ask an admin (or `npm run admin:create`).',
    );
  }
}

/** Unknown, mistyped, used or expired: the same answer whatever it is. */
export class SetupTokenInvalidError extends DomainError {
  constructor() {
    super(
      'SETUP_TOKEN_INVALID',
      'invalid',
      'This setup link is not valid or has expired; restart the API to print a new one.',
    );
  }
}
