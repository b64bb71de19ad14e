import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { assertSafeKey, ImageStorage } from './image-storage';

export interface S3ImageStorageSettings {
  bucket: string;
  region: string;
  /** MinIO, R2, s3rver…; unset: AWS. Path-style addressing is used with an endpoint. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/** Images in an S3-compatible bucket. */
export class S3ImageStorage extends ImageStorage {
  readonly description: string;
  private readonly client: S3Client;

  constructor(private readonly settings: S3ImageStorageSettings) {
    super();
    this.description = `s3:${settings.bucket}`;
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.endpoint !== undefined,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
      maxAttempts: 3,
    });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertSafeKey(key);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        CacheControl: 'public, max-age=31536000, immutable',
      }),
    );
  }

  async get(key: string): Promise<Buffer | undefined> {
    assertSafeKey(key);
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }),
      );
      if (!object.Body) return undefined;
      return Buffer.from(await object.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
        return undefined;
      }
      throw error;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertSafeKey(prefix);
    // An image has a handful of renditions: one page of a listing covers it, but stay bounded.
    for (let page = 0; page < 100; page++) {
      const listed = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: `${prefix}/` }),
      );
      const keys = (listed.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length === 0) return;
      await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.settings.bucket, Delete: { Objects: keys } }),
      );
      if (!listed.IsTruncated) return;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
