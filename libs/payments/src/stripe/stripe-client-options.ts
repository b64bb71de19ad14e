import { STRIPE_DEFAULT_HOST, type Environment } from '@limited-run/platform';
import type Stripe from 'stripe';

/**
 * The Stripe API version this code is written against: the literal pinned by stripe@23.1.0. The
 * SDK's type accepts only its own pinned literal, so bumping the SDK stops compiling here until
 * someone reads the changelog and moves this on purpose. Webhook endpoints must be created with
 * the same version so event payloads have the shape our types describe.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' satisfies Stripe.LatestApiVersion;

/** Stripe's own default tolerance: a signature older than five minutes is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

type StripeSettings = Pick<
  Environment,
  | 'STRIPE_API_HOST'
  | 'STRIPE_API_PORT'
  | 'STRIPE_API_PROTOCOL'
  | 'STRIPE_TIMEOUT_MS'
  | 'STRIPE_MAX_NETWORK_RETRIES'
>;

/** Client options with every behaviour we rely on spelled out, none left to SDK defaults. */
export function stripeClientOptions(settings: StripeSettings): Stripe.StripeConfig {
  const custom = settings.STRIPE_API_HOST !== undefined;
  return {
    apiVersion: STRIPE_API_VERSION,
    // The SDK retries connection errors, 409 and 5xx with backoff, reusing the request's key.
    maxNetworkRetries: settings.STRIPE_MAX_NETWORK_RETRIES,
    timeout: settings.STRIPE_TIMEOUT_MS,
    telemetry: false,
    appInfo: { name: 'limited-run', version: '0.1.0' },
    ...(custom
      ? {
          host: settings.STRIPE_API_HOST ?? STRIPE_DEFAULT_HOST,
          port: settings.STRIPE_API_PORT ?? (settings.STRIPE_API_PROTOCOL === 'http' ? 80 : 443),
          protocol: settings.STRIPE_API_PROTOCOL,
        }
      : {}),
  };
}

/** The webhook secrets in force, in order; several during a rotation. */
export function parseWebhookSecrets(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret !== '');
}
