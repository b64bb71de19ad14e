/**
 * What of an error may reach a log line. A failed statement's error carries its SQL parameters
 * and the driver's `detail` (`Key (email)=(…)`), a Stripe error the request it made; both hold
 * personal data or secrets. We keep the kind, message, stack and machine codes, nothing else.
 */
export interface LogSafeError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  constraint?: string;
  cause?: LogSafeError;
}

const MAX_CAUSE_DEPTH = 3;

export function logSafeError(error: unknown, depth = 0): LogSafeError {
  if (!(error instanceof Error)) return { type: typeof error, message: 'non-error thrown' };
  const driver = (error as { driverError?: { code?: unknown; constraint?: unknown } }).driverError;
  const own = error as { code?: unknown; constraint?: unknown; cause?: unknown };
  const code = driver?.code ?? own.code;
  const constraint = driver?.constraint ?? own.constraint;
  return {
    type: error.name,
    message: redactMessage(error.message),
    stack: error.stack ? redactMessage(error.stack) : undefined,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof constraint === 'string' ? { constraint } : {}),
    ...(own.cause !== undefined && depth < MAX_CAUSE_DEPTH
      ? { cause: logSafeError(own.cause, depth + 1) }
      : {}),
  };
}

const EMAIL = /[^\s@"'(),<>]+@[^\s@"'(),<>]+\.[A-Za-z]{2,}/g;
const ARGON_HASH = /\$argon2(id|i|d)\$[^\s"',)]+/g;
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;
const STRIPE_SIGNATURE = /t=\d+,v1=[0-9a-f]+/g;
const BEARER_LIKE = /\b(sk|rk|whsec|pk)_(test|live)?_?[A-Za-z0-9]+/g;

/** Scrubs values that must never be logged from free text (driver messages quote inputs). */
export function redactMessage(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(ARGON_HASH, '[hash]')
    .replace(JWT, '[token]')
    .replace(STRIPE_SIGNATURE, '[signature]')
    .replace(BEARER_LIKE, '[secret]');
}

/** A request URL without its query string: query parameters are never logged. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
