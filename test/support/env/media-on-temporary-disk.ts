// Imported first by a test file, before the app module: images go to a temporary folder, and
// uploads are capped low enough to test the limit with a small body.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MEDIA_TEST_DIR = mkdtempSync(join(tmpdir(), 'lr-media-'));
process.env.MEDIA_DIR = MEDIA_TEST_DIR;
process.env.MEDIA_MAX_UPLOAD_BYTES = String(200 * 1024);
