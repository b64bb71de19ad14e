// Imported first by a test file, before the app module: images go to an S3-compatible bucket
// served by `s3rver` (an npm package) on loopback, which the test starts in `beforeAll`.
export const S3RVER_PORT = 3451;
export const S3RVER_BUCKET = 'lr-media-test';
process.env.MEDIA_S3_BUCKET = S3RVER_BUCKET;
process.env.MEDIA_S3_ENDPOINT = `http://127.0.0.1:${S3RVER_PORT}`;
process.env.MEDIA_S3_REGION = 'us-east-1';
// s3rver's fixed development credentials.
process.env.MEDIA_S3_ACCESS_KEY_ID = 'S3RVER';
process.env.MEDIA_S3_SECRET_ACCESS_KEY = 'S3RVER';
