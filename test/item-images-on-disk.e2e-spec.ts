import { MEDIA_TEST_DIR as mediaDir } from './support/env/media-on-temporary-disk';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { createAccount, type TestAccount } from './support/accounts';
import { createCollective } from './support/collectives';
import { createItem, hoodie } from './support/drops';
import { jpegImage, pngImage } from './support/images';
import { useApiOnTestDatabase } from './support/test-app';

interface ImageBody {
  id: string;
  alt: string;
  width: number;
  height: number;
  src: string;
  renditions: Array<{ width: number; url: string }>;
}

describe('item images: uploaded, resized to WebP, ordered, described, served, refused when not images', () => {
  const ctx = useApiOnTestDatabase();
  const http = () => request(ctx.app.getHttpServer());
  let owner: TestAccount;
  let outsider: TestAccount;
  let itemId: string;
  const base = () => `/collectives/night-shift/items/${itemId}/images`;
  const imageRows = async () =>
    Number((await ctx.db.query(`SELECT count(*) FROM item_images`)).rows[0].count);

  beforeAll(async () => {
    const admin = await createAccount(ctx.app, ctx.db, { role: 'admin' });
    [owner, outsider] = await Promise.all([
      createAccount(ctx.app, ctx.db),
      createAccount(ctx.app, ctx.db),
    ]);
    await createCollective(ctx.app, admin, owner, 'night-shift');
    await createCollective(ctx.app, admin, outsider, 'day-shift');
    itemId = (await createItem(ctx.app, owner, 'night-shift', hoodie('IMG'))).id;
  });
  afterAll(() => rmSync(mediaDir, { recursive: true, force: true }));

  const upload = (file: Buffer, name: string, alt?: string, who = owner) => {
    const req = http().post(base()).set('authorization', who.bearer);
    if (alt !== undefined) void req.field('alt', alt);
    return req.attach('file', file, name);
  };

  it('stores 320/640/1280 WebP renditions of a large photo, with its original size, on disk', async () => {
    const res = await upload(await pngImage(1600, 1000), 'front.png', 'The hoodie from the front');
    expect(res.status).toBe(201);
    const [image] = res.body.images as ImageBody[];
    expect(image).toMatchObject({ alt: 'The hoodie from the front', width: 1600, height: 1000 });
    expect(image.renditions.map((r) => r.width)).toEqual([320, 640, 1280]);
    expect(image.src).toBe(`/media/images/${image.id}/640.webp`);
    expect(readdirSync(join(mediaDir, 'images', image.id)).sort()).toEqual([
      '1280.webp',
      '320.webp',
      '640.webp',
    ]);

    const file = await http().get(image.renditions[1].url).buffer(true).expect(200);
    expect(file.headers['content-type']).toBe('image/webp');
    expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const meta = await sharp(file.body as Buffer).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 640, 400]);
    // A width that was not rendered, and a file name that is not a rendition, are 404s.
    await http().get(`/media/images/${image.id}/800.webp`).expect(404);
    await http().get(`/media/images/${image.id}/..%2f..%2fetc`).expect(404);
  });

  it('a small image is kept at its own width; the item lists its images in the chosen order', async () => {
    const res = await upload(await jpegImage(200, 300), 'back.jpg', 'The back');
    const images = res.body.images as ImageBody[];
    expect(images.map((i) => i.alt)).toEqual(['The hoodie from the front', 'The back']);
    expect(images[1].renditions.map((r) => r.width)).toEqual([200]);

    const reordered = await http()
      .put(`${base()}/order`)
      .set('authorization', owner.bearer)
      .send({ imageIds: [images[1].id, images[0].id.toUpperCase()] })
      .expect(200);
    expect((reordered.body.images as ImageBody[]).map((i) => i.alt)).toEqual([
      'The back',
      'The hoodie from the front',
    ]);
    const described = await http()
      .patch(`${base()}/${images[1].id}`)
      .set('authorization', owner.bearer)
      .send({ alt: 'The back, print across the shoulders' })
      .expect(200);
    expect((described.body.images as ImageBody[])[0].alt).toBe(
      'The back, print across the shoulders',
    );
    const item = await http()
      .get(`/collectives/night-shift/items/${itemId}`)
      .set('authorization', owner.bearer)
      .expect(200);
    expect((item.body.images as ImageBody[]).map((i) => i.id)).toEqual([
      images[1].id,
      images[0].id,
    ]);
    // An order that leaves one out or repeats one is refused and changes nothing.
    const bad = await http()
      .put(`${base()}/order`)
      .set('authorization', owner.bearer)
      .send({ imageIds: [images[0].id, images[0].id] })
      .expect(409);
    expect(bad.body.error.code).toBe('IMAGE_ORDER_MISMATCH');
  });

  it('refuses what is not an image, too large, or not multipart, writing nothing', async () => {
    const before = await imageRows();
    const text = await upload(Buffer.from('just some text, not pixels'), 'notes.png');
    expect([text.status, text.body.error.code]).toEqual([400, 'NOT_AN_IMAGE']);
    const pdf = await upload(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'sleeve.pdf');
    expect([pdf.status, pdf.body.error.code]).toEqual([400, 'NOT_AN_IMAGE']);
    // Valid PNG headers over a truncated body.
    const png = await pngImage(800, 800);
    const truncated = await upload(png.subarray(0, Math.floor(png.length / 2)), 'cut.png');
    expect([truncated.status, truncated.body.error.code]).toEqual([400, 'NOT_AN_IMAGE']);
    const big = await upload(Buffer.alloc(300 * 1024, 1), 'big.png');
    expect([big.status, big.body.error.code]).toEqual([413, 'IMAGE_TOO_LARGE']);
    const json = await http()
      .post(base())
      .set('authorization', owner.bearer)
      .send({ file: 'aGVsbG8=' });
    expect([json.status, json.body.error.code]).toEqual([400, 'IMAGE_UPLOAD_INVALID']);
    const wrongField = await http()
      .post(base())
      .set('authorization', owner.bearer)
      .attach('picture', await pngImage(10, 10), 'a.png');
    expect([wrongField.status, wrongField.body.error.code]).toEqual([400, 'IMAGE_UPLOAD_INVALID']);
    const foreign = await upload(await pngImage(10, 10), 'a.png', 'x', outsider);
    expect(foreign.status).toBe(403);
    expect(await imageRows()).toBe(before);
  });

  it('removing an image removes its files', async () => {
    const { images } = (await http().get(base()).set('authorization', owner.bearer).expect(200))
      .body as { images: ImageBody[] };
    await http().delete(`${base()}/${images[0].id}`).set('authorization', owner.bearer).expect(204);
    await http().get(images[0].src).expect(404);
    expect(readdirSync(join(mediaDir, 'images'))).not.toContain(images[0].id);
    await http().delete(`${base()}/${images[0].id}`).set('authorization', owner.bearer).expect(404);
  });

  it('deleting an item deletes the files of every one of its images, once the deletion commits', async () => {
    const other = (await createItem(ctx.app, owner, 'night-shift', hoodie('GONE'))).id;
    const kept = (await http().get(base()).set('authorization', owner.bearer).expect(200)).body
      .images as ImageBody[];
    const uploaded: ImageBody[] = [];
    for (const name of ['one.png', 'two.png']) {
      const res = await http()
        .post(`/collectives/night-shift/items/${other}/images`)
        .set('authorization', owner.bearer)
        .field('alt', name)
        .attach('file', await pngImage(700, 700), name)
        .expect(201);
      uploaded.push((res.body.images as ImageBody[]).at(-1) as ImageBody);
    }
    for (const image of uploaded) {
      expect(readdirSync(join(mediaDir, 'images', image.id))).toHaveLength(3);
    }

    await http()
      .delete(`/collectives/night-shift/items/${other}`)
      .set('authorization', owner.bearer)
      .expect(204);

    const left = readdirSync(join(mediaDir, 'images'));
    for (const image of uploaded) {
      expect(left).not.toContain(image.id);
      await http().get(image.src).expect(404);
    }
    // The other item's image is untouched.
    expect(left).toEqual(kept.map((image) => image.id));
    await http().get(kept[0].src).expect(200);
    expect(
      Number(
        (await ctx.db.query(`SELECT count(*) FROM item_images WHERE item_id = $1`, [other])).rows[0]
          .count,
      ),
    ).toBe(0);
  });
});
