import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import Stripe from 'stripe';
import {
  PaymentIdempotencyConflictError,
  PaymentProviderUnavailableError,
  PaymentRequestRejectedError,
  WebhookNotAnEventError,
  WebhookSignatureInvalidError,
} from '../payments.errors';
import {
  type CheckoutSessionView,
  type CheckoutShipping,
  type CreateCheckoutSession,
  type CreateRefund,
  type ExpireOutcome,
  type PaymentEvent,
  PaymentsPort,
  type RefundView,
  type VerifiedWebhook,
} from '../payments.port';
import {
  parseWebhookSecrets,
  stripeClientOptions,
  WEBHOOK_TOLERANCE_SECONDS,
} from './stripe-client-options';
import { checkoutSessionFrom, paymentEventFrom, refundFrom } from './stripe-objects';

/**
 * Instant methods only by default: a delayed method (SEPA debit, bank transfer) settles days
 * after the fan's hold has ended, which either blocks stock for days or ends in a refund.
 */
const INSTANT_PAYMENT_METHODS: Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType[] = [
  'card',
  'link',
];

/** The payments port on the real `stripe` SDK (stripe@23.1.0, API version pinned). */
@Injectable()
export class StripePaymentsAdapter extends PaymentsPort {
  private readonly stripe: Stripe | undefined;
  private readonly webhookSecrets: string[];

  constructor(
    config: PlatformConfig,
    private readonly logger: PinoLogger,
  ) {
    super();
    this.logger.setContext(StripePaymentsAdapter.name);
    const key = config.get('STRIPE_SECRET_KEY');
    this.stripe = key
      ? new Stripe(
          key,
          stripeClientOptions({
            STRIPE_API_HOST: config.get('STRIPE_API_HOST'),
            STRIPE_API_PORT: config.get('STRIPE_API_PORT'),
            STRIPE_API_PROTOCOL: config.get('STRIPE_API_PROTOCOL'),
            STRIPE_TIMEOUT_MS: config.get('STRIPE_TIMEOUT_MS'),
            STRIPE_MAX_NETWORK_RETRIES: config.get('STRIPE_MAX_NETWORK_RETRIES'),
          }),
        )
      : undefined;
    this.webhookSecrets = parseWebhookSecrets(config.get('STRIPE_WEBHOOK_SECRETS'));
  }

  async createCheckoutSession(
    input: CreateCheckoutSession,
    idempotencyKey: string,
  ): Promise<CheckoutSessionView> {
    const currency = input.currency.toLowerCase();
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      line_items: input.lines.map((line) => ({
        quantity: line.quantity,
        price_data: {
          currency,
          unit_amount: line.unitAmountMinor,
          product_data: { name: line.name },
        },
      })),
      // Whole seconds: the SDK sends what it gets, and a retry must send the very same value.
      expires_at: Math.floor(input.expiresAt.getTime() / 1000),
      client_reference_id: input.clientReferenceId,
      metadata: input.metadata,
      payment_intent_data: { metadata: input.metadata },
      allowed_payment_method_types: INSTANT_PAYMENT_METHODS,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
      ...(input.shipping ? shippingParams(input.shipping, currency) : {}),
      ...(input.automaticTax ? { automatic_tax: { enabled: true } } : {}),
    };
    const session = await this.call('checkout.sessions.create', (stripe) =>
      stripe.checkout.sessions.create(params, { idempotencyKey }),
    );
    return checkoutSessionFrom(session as unknown as Record<string, unknown>);
  }

  async retrieveCheckoutSession(sessionId: string): Promise<CheckoutSessionView> {
    const session = await this.call('checkout.sessions.retrieve', (stripe) =>
      stripe.checkout.sessions.retrieve(sessionId),
    );
    return checkoutSessionFrom(session as unknown as Record<string, unknown>);
  }

  async expireCheckoutSession(sessionId: string): Promise<ExpireOutcome> {
    try {
      const session = await this.call('checkout.sessions.expire', (stripe) =>
        stripe.checkout.sessions.expire(sessionId, {}, { idempotencyKey: `expire:${sessionId}` }),
      );
      return {
        expiredNow: true,
        session: checkoutSessionFrom(session as unknown as Record<string, unknown>),
      };
    } catch (error) {
      // Stripe expires only open sessions; any refusal is settled by reading what the session
      // is now (completed: the payment decides; expired: nothing left to do).
      if (!(error instanceof PaymentRequestRejectedError)) throw error;
      const session = await this.retrieveCheckoutSession(sessionId);
      if (session.status === 'open') throw error;
      return { expiredNow: false, session };
    }
  }

  async refund(input: CreateRefund, idempotencyKey: string): Promise<RefundView> {
    const refund = await this.call('refunds.create', (stripe) =>
      stripe.refunds.create(
        {
          payment_intent: input.paymentIntentId,
          metadata: input.metadata,
          ...(input.amountMinor !== undefined ? { amount: input.amountMinor } : {}),
          ...(input.reason ? { reason: input.reason } : {}),
        },
        { idempotencyKey },
      ),
    );
    return refundFrom(refund as unknown as Record<string, unknown>);
  }

  verifyWebhook(rawBody: Buffer, signature: string | undefined): VerifiedWebhook {
    if (!signature)
      throw new WebhookSignatureInvalidError('the Stripe-Signature header is missing');
    if (this.webhookSecrets.length === 0) {
      throw new WebhookSignatureInvalidError('no webhook secret is configured');
    }
    let reason = 'no secret verifies it';
    // Several secrets during a rotation: the event is genuine if any of them signed it.
    for (const secret of this.webhookSecrets) {
      let event: unknown;
      try {
        event = Stripe.webhooks.constructEvent(
          rawBody,
          signature,
          secret,
          WEBHOOK_TOLERANCE_SECONDS,
        );
      } catch (error) {
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
          reason = error.message;
          continue;
        }
        // The signature verified but the body does not parse as JSON.
        throw new WebhookNotAnEventError('the signed body is not JSON');
      }
      return verifiedEvent(event);
    }
    throw new WebhookSignatureInvalidError(reason);
  }

  readEvent(payload: Record<string, unknown>): PaymentEvent {
    return paymentEventFrom(payload);
  }

  /** Runs one SDK call and maps its failure to a domain error; never lets a Stripe error escape. */
  private async call<T>(operation: string, run: (stripe: Stripe) => Promise<T>): Promise<T> {
    if (!this.stripe) {
      throw new PaymentProviderUnavailableError(new Error('STRIPE_SECRET_KEY is not set'));
    }
    try {
      return await run(this.stripe);
    } catch (error) {
      throw this.mapError(operation, error);
    }
  }

  private mapError(operation: string, error: unknown): Error {
    const E = Stripe.errors;
    if (error instanceof E.StripeIdempotencyError) {
      this.logger.error({ err: error, operation }, 'Stripe refused an idempotency key reuse');
      return new PaymentIdempotencyConflictError(error.message);
    }
    if (error instanceof E.StripeInvalidRequestError || error instanceof E.StripeCardError) {
      this.logger.warn(
        { operation, code: error.code, param: error.param, requestId: error.requestId },
        `Stripe refused ${operation}: ${error.message}`,
      );
      return new PaymentRequestRejectedError(error.code, error.message, error.param);
    }
    if (error instanceof E.StripeAuthenticationError || error instanceof E.StripePermissionError) {
      // Our credentials, not the fan's request: operators must see it; the fan can retry later.
      this.logger.error({ err: error, operation }, 'Stripe rejected our credentials');
    }
    // Connection errors, timeouts, 5xx, rate limits and anything unforeseen: retryable.
    return new PaymentProviderUnavailableError(error);
  }
}

/**
 * Stripe collects an address in the allowed countries and offers every option to every address
 * (options cannot depend on the country): each is a rate of one zone, named for it, and the
 * webhook checks that the chosen one fits the address (docs/shipping.md).
 */
function shippingParams(
  shipping: CheckoutShipping,
  currency: string,
): Pick<Stripe.Checkout.SessionCreateParams, 'shipping_address_collection' | 'shipping_options'> {
  return {
    shipping_address_collection: {
      allowed_countries: shipping.allowedCountries,
    },
    shipping_options: shipping.options.map((option) => ({
      shipping_rate_data: {
        type: 'fixed_amount',
        display_name: option.displayName,
        fixed_amount: { amount: option.amountMinor, currency },
        metadata: { key: option.key },
      },
    })),
  };
}

/** A verified body is an event only if it has the shape of one; anything else is refused. */
function verifiedEvent(event: unknown): VerifiedWebhook {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new WebhookNotAnEventError('the signed body is not a JSON object');
  }
  const { id, type } = event as { id?: unknown; type?: unknown };
  if (typeof id !== 'string' || id.length === 0 || id.length > 255) {
    throw new WebhookNotAnEventError('the event has no usable id');
  }
  if (typeof type !== 'string' || type.length === 0 || type.length > 100) {
    throw new WebhookNotAnEventError('the event has no usable type');
  }
  return { eventId: id, type, payload: event as Record<string, unknown> };
}
