import { useState, type FormEvent } from 'react';
import { ConfirmAction } from '../../ui/confirm-action';
import { Field } from '../../ui/field';
import { ItemImage } from '../../ui/item-image';
import { ErrorNotice, Notice } from '../../ui/status';
import {
  type CatalogueImage,
  type CatalogueItem,
  useDeleteImage,
  useReorderImages,
  useUpdateImageAlt,
  useUploadImage,
} from './catalogue-hooks';

/**
 * The item's images in the order the storefront shows them: upload with alt text, change the
 * alt text, move up or down (buttons, so the keyboard can do it), delete.
 */
export function ItemImages({ collective, item }: { collective: string; item: CatalogueItem }) {
  const reorder = useReorderImages(collective, item.id);
  const [announcement, setAnnouncement] = useState('');
  const images = item.images;

  const move = (index: number, by: -1 | 1) => {
    const ids = images.map((image) => image.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved);
    reorder.mutate(ids, {
      onSuccess: () =>
        setAnnouncement(`Image moved to position ${index + by + 1} of ${ids.length}.`),
    });
  };

  return (
    <section className="card stack" aria-labelledby="images-heading">
      <h2 id="images-heading">Images</h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {images.length === 0 && <p className="muted">No images yet.</p>}
      {images.length > 0 && (
        <ol className="image-list" aria-label={`Images of ${item.title}, first shown first`}>
          {images.map((image, index) => (
            <ImageRow
              key={image.id}
              collective={collective}
              itemId={item.id}
              image={image}
              position={index + 1}
              count={images.length}
              busy={reorder.isPending}
              onMove={(by) => move(index, by)}
            />
          ))}
        </ol>
      )}
      {reorder.isError && <ErrorNotice error={reorder.error} title="The order was not saved" />}
      <UploadImage key={images.length} collective={collective} itemId={item.id} />
    </section>
  );
}

function ImageRow({
  collective,
  itemId,
  image,
  position,
  count,
  busy,
  onMove,
}: {
  collective: string;
  itemId: string;
  image: CatalogueImage;
  position: number;
  count: number;
  busy: boolean;
  onMove: (by: -1 | 1) => void;
}) {
  const [alt, setAlt] = useState(image.alt);
  const update = useUpdateImageAlt(collective, itemId);
  const remove = useDeleteImage(collective, itemId);
  const name = `image ${position}${image.alt ? ` (${image.alt})` : ''}`;
  const saveAlt = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ imageId: image.id, alt });
  };
  return (
    <li className="image-row">
      <ItemImage image={image} sizes="160px" className="image-thumb" />
      <div className="stack">
        <form className="row" onSubmit={saveAlt} aria-label={`Alt text of ${name}`}>
          <Field
            label={`Alt text of image ${position}`}
            maxLength={300}
            value={alt}
            onChange={(e) => setAlt(e.target.value)}
          />
          <button
            type="submit"
            className="button button-small secondary"
            disabled={update.isPending || alt === image.alt}
          >
            Save alt text
          </button>
        </form>
        {update.isError && <ErrorNotice error={update.error} title="Alt text not saved" />}
        <div className="row">
          <button
            type="button"
            className="button button-small secondary"
            disabled={busy || position === 1}
            aria-label={`Move ${name} up`}
            onClick={() => onMove(-1)}
          >
            ↑ Up
          </button>
          <button
            type="button"
            className="button button-small secondary"
            disabled={busy || position === count}
            aria-label={`Move ${name} down`}
            onClick={() => onMove(1)}
          >
            ↓ Down
          </button>
          <ConfirmAction
            label="Delete"
            buttonLabel={`Delete ${name}`}
            title="Delete this image?"
            description="The image and its resized copies are removed; pages stop showing it."
            confirmLabel="Delete image"
            tone="danger"
            onConfirm={() => remove.mutateAsync(image.id)}
          />
        </div>
      </div>
    </li>
  );
}

function UploadImage({ collective, itemId }: { collective: string; itemId: string }) {
  const upload = useUploadImage(collective, itemId);
  const [alt, setAlt] = useState('');
  const [file, setFile] = useState<File>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate({ file, alt: alt.trim() });
  };
  return (
    <form className="stack" onSubmit={submit} aria-labelledby="upload-heading">
      <h3 id="upload-heading">Add an image</h3>
      <div className="field">
        <label htmlFor={`upload-${itemId}`}>Image file</label>
        <input
          id={`upload-${itemId}`}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff,image/heif"
          required
          onChange={(e) => setFile(e.target.files?.[0])}
        />
        <p className="hint">JPEG, PNG, WebP, AVIF, GIF, TIFF or HEIF; resized for every screen.</p>
      </div>
      <Field
        label="Alt text"
        maxLength={300}
        hint="What the image shows, for fans who cannot see it."
        value={alt}
        onChange={(e) => setAlt(e.target.value)}
      />
      {upload.isError && <ErrorNotice error={upload.error} title="The image was not uploaded" />}
      {upload.isSuccess && <Notice tone="success">Image uploaded.</Notice>}
      <div>
        <button type="submit" className="button" disabled={upload.isPending || !file}>
          {upload.isPending ? 'Uploading…' : 'Upload image'}
        </button>
      </div>
    </form>
  );
}
