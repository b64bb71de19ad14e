// The Stripe stand-in (libs/payments) in a process of its own for bench:drop-e2e, so that its CPU
// (Stripe's side of a payment) is measured apart from the platform's. Delivers webhooks as they
// happen, concurrently, retrying like Stripe.
// `node -r ts-node/register/transpile-only bench/support/stand-in-process.ts <config.json>`
import { readFileSync } from 'node:fs';
import { StripeStandIn } from '../../libs/payments/src/stand-in';

export interface StandInProcessConfig {
  port: number;
  secretKey: string;
  webhookSecret: string;
  webhookUrl: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(readFileSync(process.argv[2], 'utf8')) as StandInProcessConfig;
  const standIn = await StripeStandIn.start({
    host: '127.0.0.1',
    port: config.port,
    secretKey: config.secretKey,
    webhookSecret: config.webhookSecret,
    webhookUrl: config.webhookUrl,
    autoDeliver: true,
  });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void standIn.stop().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
