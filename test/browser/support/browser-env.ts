// Imported first by a browser test file, before the app modules (the environment is validated
// when they load): Stripe and mail offline on loopback (./payments-offline), the API on a port
// chosen now so that checkout's return URLs and mailed links name it, serving the built app.
import '../../support/env/payments-offline';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const port = execFileSync(process.execPath, [
  '-e',
  `const s = require('node:net').createServer().listen(0, '127.0.0.1', () => {
     process.stdout.write(String(s.address().port)); s.close(); })`,
]).toString();

process.env.API_PORT = port;
process.env.PUBLIC_WEB_URL = `http://127.0.0.1:${port}`;
process.env.WEB_ROOT = join(__dirname, '..', '..', '..', 'dist', 'web');
process.env.SWAGGER_ENABLED = 'true';
// Fans in a browser test wait for nothing longer than they must.
process.env.WAITLIST_SWEEP_SECONDS = '1';
process.env.HOLD_SWEEP_SECONDS = '1';
process.env.DROP_SWEEP_SECONDS = '1';
process.env.RATE_LIMIT_ENTRIES_PER_IP = '100000/60';
process.env.RATE_LIMIT_WAITLIST = '100000/60';
process.env.RATE_LIMIT_RAFFLE = '100000/60';
