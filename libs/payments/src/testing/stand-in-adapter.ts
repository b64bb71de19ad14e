// The production adapter pointed at a stand-in, outside Nest: for the payments library's own
// specs. End-to-end tests configure the apps through the environment instead.
import type { Environment, PlatformConfig } from '@limited-run/platform';
import type { PinoLogger } from 'nestjs-pino';
import { StripePaymentsAdapter } from '../stripe/stripe-payments.adapter';
import type { StripeStandIn } from '../stand-in/stripe-stand-in';

export const TEST_SECRET_KEY = 'sk_test_limitedrun_standin';

const silentLogger = {
  setContext: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
} as unknown as PinoLogger;

export function adapterFor(
  standIn: StripeStandIn,
  overrides: Partial<Environment> = {},
): StripePaymentsAdapter {
  const settings: Partial<Environment> = {
    STRIPE_SECRET_KEY: TEST_SECRET_KEY,
    STRIPE_WEBHOOK_SECRETS: standIn.webhookSecret,
    STRIPE_API_HOST: '127.0.0.1',
    STRIPE_API_PORT: standIn.port,
    STRIPE_API_PROTOCOL: 'http',
    STRIPE_TIMEOUT_MS: 2000,
    STRIPE_MAX_NETWORK_RETRIES: 2,
    ...overrides,
  };
  const config = { get: (key: keyof Environment) => settings[key] } as PlatformConfig;
  return new StripePaymentsAdapter(config, silentLogger);
}
