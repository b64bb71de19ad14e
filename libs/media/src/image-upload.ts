import type { FastifyRequest } from 'fastify';
import { ImageTooLargeError, ImageUploadInvalidError } from './media.errors';

export interface ImageUpload {
  file: Buffer;
  alt: string;
}

const MAX_ALT_LENGTH = 300;
/** `file` and `alt`: anything beyond a handful of parts is not our form. */
const MAX_PARTS = 4;

/**
 * Reads a `multipart/form-data` upload with one `file` part and an optional `alt` field,
 * bounded in size and parts, into memory (sharp needs the whole file to decode it).
 */
export async function readImageUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<ImageUpload> {
  if (!request.isMultipart()) {
    throw new ImageUploadInvalidError('send the image as multipart/form-data with a "file" part');
  }
  let file: Buffer | undefined;
  let alt = '';
  let count = 0;
  try {
    for await (const part of request.parts({
      limits: {
        fileSize: maxBytes,
        files: 1,
        fields: 3,
        fieldSize: 4 * MAX_ALT_LENGTH,
        parts: MAX_PARTS,
      },
    })) {
      if (++count > MAX_PARTS) break;
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw new ImageUploadInvalidError('the image must be sent as the "file" part');
        }
        file = await part.toBuffer();
      } else if (part.fieldname === 'alt') {
        alt = String(part.value);
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new ImageTooLargeError(maxBytes);
    if (typeof code === 'string' && code.startsWith('FST_')) {
      throw new ImageUploadInvalidError('the multipart body could not be read');
    }
    throw error;
  }
  if (!file || file.length === 0) throw new ImageUploadInvalidError('a "file" part is required');
  if (alt.length > MAX_ALT_LENGTH) {
    throw new ImageUploadInvalidError(`alt must be at most ${MAX_ALT_LENGTH} characters`);
  }
  return { file, alt: alt.trim() };
}
