// Imported first by the anomaly test, after payments-offline: the anomaly watch and the
// reconciliation run every second, nothing is given grace, and alerts also go to a signed
// webhook on a loopback port picked here (the test listens on it).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const port = execFileSync(process.execPath, [
  '-e',
  `const s = require('node:net').createServer().listen(0, '127.0.0.1', () => {
     process.stdout.write(String(s.address().port)); s.close(); })`,
]).toString();

process.env.ANOMALY_SCAN_SECONDS = '1';
process.env.ANOMALY_GRACE_SECONDS = '0';
process.env.RECONCILE_SECONDS = '1';
process.env.ANOMALY_WEBHOOK_URL = `http://127.0.0.1:${port}/alerts`;
process.env.ANOMALY_WEBHOOK_SECRET = randomBytes(24).toString('hex');
