import type { components } from '../api/schema.gen';

export type ItemImageData = components['schemas']['ItemImageResponse'];

/** `sizes` for an image in the drop page's column: full width on phones, a third on desktop. */
const DEFAULT_SIZES = '(max-width: 700px) 90vw, 420px';

/**
 * One item image with every WebP rendition in `srcset`, so the browser fetches the width the
 * layout needs; width and height reserve the space before it loads.
 */
export function ItemImage({
  image,
  sizes = DEFAULT_SIZES,
  eager = false,
  className,
}: {
  image: ItemImageData;
  sizes?: string;
  eager?: boolean;
  className?: string;
}) {
  return (
    <img
      className={className ?? 'item-image'}
      src={image.src}
      srcSet={image.renditions.map((r) => `${r.url} ${r.width}w`).join(', ')}
      sizes={sizes}
      width={image.width}
      height={image.height}
      alt={image.alt}
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
    />
  );
}
