import { DomainError } from '@limited-run/platform';

export class NotAnImageError extends DomainError {
  constructor() {
    super(
      'NOT_AN_IMAGE',
      'invalid',
      'The upload is not an image we can read (JPEG, PNG, WebP, AVIF, GIF, TIFF or HEIF).',
      [{ field: 'file', message: 'file must be a JPEG, PNG, WebP, AVIF, GIF, TIFF or HEIF image' }],
    );
  }
}

export class ImageUploadInvalidError extends DomainError {
  constructor(message: string) {
    super('IMAGE_UPLOAD_INVALID', 'invalid', message, [{ field: 'file', message }]);
  }
}

export class ImageTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super('IMAGE_TOO_LARGE', 'too_large', `An image may be at most ${limitBytes} bytes.`, [
      { field: 'file', message: `file must be at most ${limitBytes} bytes` },
    ]);
  }
}

export class ImageNotFoundError extends DomainError {
  constructor() {
    super('IMAGE_NOT_FOUND', 'not_found', 'This item has no image with this id.');
  }
}

export class ImageOrderMismatchError extends DomainError {
  constructor() {
    super(
      'IMAGE_ORDER_MISMATCH',
      'conflict',
      "The new order must list each of the item's images exactly once.",
      [{ field: 'imageIds', message: "imageIds must list each of the item's images once" }],
    );
  }
}
