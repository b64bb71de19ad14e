import { DomainError } from '@limited-run/platform';

/**
 * The provider could not be reached or failed on its side (network, timeout, 5xx, rate limit,
 * rejected credentials). Safe to retry: every call we make carries an idempotency key.
 */
export class PaymentProviderUnavailableError extends DomainError {
  constructor(cause?: unknown) {
    super(
      'PAYMENT_PROVIDER_UNAVAILABLE',
      'unavailable',
      'The payment provider is not reachable right now. Nothing was charged; please try again in a moment.',
    );
    if (cause !== undefined) this.cause = cause;
  }
}

/** The provider refused the request as invalid (`code` is the provider's own, e.g. `resource_missing`). */
export class PaymentRequestRejectedError extends DomainError {
  constructor(
    readonly providerCode: string | undefined,
    providerMessage: string,
    readonly param?: string,
  ) {
    super(
      'PAYMENT_REQUEST_REJECTED',
      'unprocessable',
      'The payment provider refused the request.',
      [
        {
          ...(param ? { field: param } : {}),
          message: providerMessage,
          ...(providerCode ? { providerCode } : {}),
        },
      ],
    );
  }
}

/** The same idempotency key was sent with different parameters: a bug, never retried blindly. */
export class PaymentIdempotencyConflictError extends DomainError {
  constructor(providerMessage: string) {
    super(
      'PAYMENT_IDEMPOTENCY_CONFLICT',
      'conflict',
      'This payment was already started with different details.',
      [{ message: providerMessage }],
    );
  }
}

export class WebhookSignatureInvalidError extends DomainError {
  constructor(reason: string) {
    super('WEBHOOK_SIGNATURE_INVALID', 'invalid', 'The webhook signature does not verify.', [
      { field: 'stripe-signature', message: reason },
    ]);
  }
}

/** The signature verified, but what it signed is not a provider event. */
export class WebhookNotAnEventError extends DomainError {
  constructor(readonly reason: string) {
    super('WEBHOOK_NOT_AN_EVENT', 'invalid', 'The signed webhook body is not an event.', [
      { field: 'body', message: reason },
    ]);
  }
}
