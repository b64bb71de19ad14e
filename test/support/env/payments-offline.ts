// Imported first by a payments test file, before the app modules (the environment is validated
// when they load): Stripe pointed at a local stand-in and mail at a local SMTP server, on
// loopback ports picked here and bound by `startPaymentsHarness()` once the test starts.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

function freeLoopbackPort(): string {
  return execFileSync(process.execPath, [
    '-e',
    `const s = require('node:net').createServer().listen(0, '127.0.0.1', () => {
       process.stdout.write(String(s.address().port)); s.close(); })`,
  ]).toString();
}

process.env.STRIPE_SECRET_KEY = `sk_test_lr${randomBytes(8).toString('hex')}`;
process.env.STRIPE_WEBHOOK_SECRETS = `whsec_${randomBytes(24).toString('hex')}`;
process.env.STRIPE_API_HOST = '127.0.0.1';
process.env.STRIPE_API_PORT = freeLoopbackPort();
process.env.STRIPE_API_PROTOCOL = 'http';
// Short, so fault tests (a Stripe that hangs) finish quickly; retries keep the same key.
process.env.STRIPE_TIMEOUT_MS = '1500';
process.env.STRIPE_MAX_NETWORK_RETRIES = '2';
process.env.SMTP_URL = `smtp://127.0.0.1:${freeLoopbackPort()}`;
process.env.MAIL_FROM = 'Limited Run <orders@limited-run.test>';
