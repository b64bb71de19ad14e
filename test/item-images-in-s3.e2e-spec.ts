import { S3RVER_BUCKET, S3RVER_PORT } from './support/env/media-in-s3rver';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import sharp from 'sharp';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createItem, record } from './support/drops';
import { pngImage } from './support/images';
import { useApiOnTestDatabase } from './support/test-app';

/**
 * The S3 adapter against a real S3-compatible server: `s3rver` from npm, on loopback, started
 * by this file. The API is configured with MEDIA_S3_BUCKET / MEDIA_S3_ENDPOINT before it boots.
 */
describe('item images in an S3-compatible bucket (s3rver)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'lr-s3rver-'));
  // A fresh instance on the same directory after a stop (a stopped one logs noise on restart).
  const s3rver = () =>
    new S3rver({
      address: '127.0.0.1',
      port: S3RVER_PORT,
      silent: true,
      directory,
      configureBuckets: [{ name: S3RVER_BUCKET, configs: [] }],
    });
  let server = s3rver();
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${S3RVER_PORT}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const keys = async (): Promise<string[]> =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: S3RVER_BUCKET }))).Contents ?? [])
      .map((o) => o.Key ?? '')
      .sort();

  // Registered before the API's own beforeAll, so the bucket answers when the API boots.
  beforeAll(async () => {
    await server.run();
  });
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let owner: TestAccount;
  let itemId: string;

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    owner = await createAccount(ctx.app, ctx.db);
    await createCollective(ctx.app, admin, owner, 'night-shift');
    itemId = (await createItem(ctx.app, owner, 'night-shift', record('S3'))).id;
  });
  afterAll(async () => {
    s3.destroy();
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('stores the renditions as objects, serves them back, and deletes them with the image', async () => {
    const res = await http()
      .post(`/collectives/night-shift/items/${itemId}/images`)
      .set('authorization', owner.bearer)
      .field('alt', 'Sleeve, front')
      .attach('file', await pngImage(1000, 1000), 'sleeve.png')
      .expect(201);
    const [image] = res.body.images as Array<{ id: string; renditions: Array<{ url: string }> }>;
    expect(await keys()).toEqual(
      [
        `images/${image.id}/320.webp`,
        `images/${image.id}/640.webp`,
        `images/${image.id}/1000.webp`,
      ].sort(),
    );

    const file = await http().get(`/media/images/${image.id}/1000.webp`).buffer(true).expect(200);
    expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const meta = await sharp(file.body as Buffer).metadata();
    expect([meta.format, meta.width]).toEqual(['webp', 1000]);

    // Bad uploads never reach the bucket.
    const bad = await http()
      .post(`/collectives/night-shift/items/${itemId}/images`)
      .set('authorization', owner.bearer)
      .attach('file', Buffer.from('<svg onload="alert(1)"/>'), 'x.svg');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'NOT_AN_IMAGE']);
    expect(await keys()).toHaveLength(3);

    await http()
      .delete(`/collectives/night-shift/items/${itemId}/images/${image.id}`)
      .set('authorization', owner.bearer)
      .expect(204);
    expect(await keys()).toEqual([]);
    await http().get(`/media/images/${image.id}/1000.webp`).expect(404);
  });

  const uploadTo = async (item: string): Promise<string> => {
    const res = await http()
      .post(`/collectives/night-shift/items/${item}/images`)
      .set('authorization', owner.bearer)
      .field('alt', 'Sleeve')
      .attach('file', await pngImage(400, 400), 'sleeve.png')
      .expect(201);
    return (res.body.images as Array<{ id: string }>).at(-1)?.id ?? '';
  };
  const deleteItem = (item: string) =>
    http().delete(`/collectives/night-shift/items/${item}`).set('authorization', owner.bearer);

  it('deleting an item deletes its image objects from the bucket', async () => {
    const item = (await createItem(ctx.app, owner, 'night-shift', record('S3-GONE'))).id;
    const first = await uploadTo(item);
    const second = await uploadTo(item);
    expect(await keys()).toEqual(
      [first, second].flatMap((id) => [`images/${id}/320.webp`, `images/${id}/400.webp`]).sort(),
    );
    await deleteItem(item).expect(204);
    expect(await keys()).toEqual([]);
    await http().get(`/media/images/${first}/400.webp`).expect(404);
  });

  it('a bucket that cannot be reached does not fail the deletion: the item is gone, the files stay', async () => {
    const item = (await createItem(ctx.app, owner, 'night-shift', record('S3-DOWN'))).id;
    const image = await uploadTo(item);
    await server.close();
    try {
      await deleteItem(item).expect(204);
    } finally {
      server = s3rver();
      await server.run();
    }
    await http()
      .get(`/collectives/night-shift/items/${item}`)
      .set('authorization', owner.bearer)
      .expect(404);
    const rows = await ctx.db.query(`SELECT 1 FROM item_images WHERE id = $1`, [image]);
    expect(rows.rowCount).toBe(0);
    // Left behind, unreferenced: never served.
    expect(await keys()).toEqual([`images/${image}/320.webp`, `images/${image}/400.webp`]);
    await http().get(`/media/images/${image}/400.webp`).expect(404);
  });
});
