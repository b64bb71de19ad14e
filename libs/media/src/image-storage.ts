/**
 * Where image files live. Keys are `/`-separated paths (`items/<item>/<image>/640.webp`);
 * values are immutable once written (a new upload gets new keys), which is what lets the API
 * serve them with year-long cache headers.
 */
export abstract class ImageStorage {
  /** Where the files go, for logs and docs: `disk:.data/media` or `s3:bucket`. */
  abstract readonly description: string;

  abstract put(key: string, body: Buffer, contentType: string): Promise<void>;

  /** The file's bytes, or undefined when there is no such key. */
  abstract get(key: string): Promise<Buffer | undefined>;

  /** Removes every file under `prefix/`; nothing there is fine. */
  abstract deletePrefix(prefix: string): Promise<void>;
}

/** Keys are built by the media library only; this refuses anything that could leave its folder. */
export function assertSafeKey(key: string): void {
  if (!/^[a-z0-9-]+(\/[a-z0-9.-]+)*$/.test(key) || key.split('/').some((p) => p === '..')) {
    throw new Error(`unsafe storage key: ${key}`);
  }
}
