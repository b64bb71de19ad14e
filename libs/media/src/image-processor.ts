import type Sharp from 'sharp';
import { NotAnImageError } from './media.errors';

let loaded: typeof Sharp | undefined;

/**
 * sharp (and libvips with it) is loaded on the first image, not when the API boots: every API
 * process would otherwise map and initialise libvips at start-up, though only collectives'
 * uploads use it.
 */
function sharp(...args: Parameters<typeof Sharp>): ReturnType<typeof Sharp> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('sharp') as typeof Sharp;
  return loaded(...args);
}

/** The widths the storefront's `srcset` offers (phone, tablet/desktop column, retina desktop). */
export const RENDITION_WIDTHS = [320, 640, 1280] as const;

/** Formats sharp decodes that we accept from collectives. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff', 'heif']);

/** 40 megapixels: a large camera original; anything bigger is refused before decoding. */
const MAX_INPUT_PIXELS = 40_000_000;

export interface ProcessedImage {
  width: number;
  height: number;
  renditions: Array<{ width: number; body: Buffer }>;
}

/**
 * Reads an uploaded file as an image and renders its WebP renditions. Only the decoded pixels
 * are kept: metadata (EXIF GPS, camera serials) is dropped, orientation is applied first.
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  let metadata: Sharp.Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    throw new NotAnImageError();
  }
  if (!metadata.format || !ACCEPTED_FORMATS.has(metadata.format)) throw new NotAnImageError();
  if (!metadata.width || !metadata.height) throw new NotAnImageError();
  // EXIF orientations 5–8 swap width and height.
  const rotated = (metadata.orientation ?? 1) >= 5;
  const width = rotated ? metadata.height : metadata.width;
  const height = rotated ? metadata.width : metadata.height;
  const widths: number[] = RENDITION_WIDTHS.filter((w) => w < width);
  // A small original still gets one rendition, at its own width.
  if (widths.length < RENDITION_WIDTHS.length) widths.push(Math.min(width, 1280));
  try {
    const renditions = await Promise.all(
      widths.map(async (w) => ({
        width: w,
        body: await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
          .rotate()
          .resize({ width: w, withoutEnlargement: true })
          .webp({ quality: 80 })
          .toBuffer(),
      })),
    );
    return { width, height, renditions };
  } catch {
    // Headers that parse but pixels that do not (a truncated file).
    throw new NotAnImageError();
  }
}
