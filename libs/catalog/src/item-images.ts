// The rows of an item's images, for media, which stores their files. Catalog keeps the rows:
// an image's place and alt text are part of the item (its responses, its deletion), and media
// imports catalog, so catalog could not read them through media without a cycle.
import type { DataSource, EntityManager } from 'typeorm';
import { ItemImage } from './item-image.entity';
import { Item } from './item.entity';

/** What media knows of a new image once its renditions are stored. */
export type NewItemImage = Pick<
  ItemImage,
  'id' | 'itemId' | 'alt' | 'width' | 'height' | 'renditions'
>;

/** The collective's item (row-locked `FOR UPDATE` if asked, which orders image changes), or null. */
export function itemOfCollective(
  on: EntityManager,
  collectiveId: string,
  itemId: string,
  lock = false,
): Promise<Item | null> {
  return on.getRepository(Item).findOne({
    where: { id: itemId, collectiveId },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}

/** An item's images, in no particular order (`ItemImageResponse.list` orders them). */
export function itemImages(on: EntityManager, itemId: string): Promise<ItemImage[]> {
  return on.getRepository(ItemImage).find({ where: { itemId } });
}

/** Adds the image after the item's last one; the caller holds the item's lock. */
export async function appendItemImage(on: EntityManager, image: NewItemImage): Promise<void> {
  const images = on.getRepository(ItemImage);
  const last = await images
    .createQueryBuilder('i')
    .select('COALESCE(MAX(i.position), -1)', 'max')
    .where('i.item_id = :itemId', { itemId: image.itemId })
    .getRawOne<{ max: number }>();
  await images.insert({ ...image, position: Number(last?.max ?? -1) + 1 });
}

/** Sets one image's alt text; false when the item has no such image. */
export async function updateItemImageAlt(
  on: EntityManager,
  itemId: string,
  imageId: string,
  alt: string,
): Promise<boolean> {
  const result = await on.getRepository(ItemImage).update({ id: imageId, itemId }, { alt });
  return Boolean(result.affected);
}

/**
 * Puts the item's images in the order of `imageIds`; false (and nothing changed) unless they
 * name each of the item's images exactly once.
 */
export async function reorderItemImages(
  on: EntityManager,
  itemId: string,
  imageIds: string[],
): Promise<boolean> {
  const images = on.getRepository(ItemImage);
  const current = await images.find({ where: { itemId }, select: { id: true } });
  const known = new Set(current.map((i) => i.id));
  if (
    imageIds.length !== known.size ||
    new Set(imageIds).size !== imageIds.length ||
    !imageIds.every((id) => known.has(id))
  ) {
    return false;
  }
  await Promise.all(imageIds.map((id, position) => images.update({ id, itemId }, { position })));
  return true;
}

/** Deletes one image's row; false when the item has no such image. */
export async function deleteItemImage(
  on: EntityManager,
  itemId: string,
  imageId: string,
): Promise<boolean> {
  const result = await on.getRepository(ItemImage).delete({ id: imageId, itemId });
  return Boolean(result.affected);
}

/** The rendition widths stored for an image, or null when there is no such image. */
export async function itemImageRenditions(
  on: EntityManager | DataSource,
  imageId: string,
): Promise<number[] | null> {
  const image = await on
    .getRepository(ItemImage)
    .findOne({ where: { id: imageId }, select: { id: true, renditions: true } });
  return image ? image.renditions : null;
}

/** The images of several items (a drop page's lines), in no particular order. */
export function imagesOfItems(on: EntityManager, itemIds: readonly string[]): Promise<ItemImage[]> {
  return on
    .getRepository(ItemImage)
    .createQueryBuilder('i')
    .where('i.item_id IN (:...itemIds)', { itemIds: [...itemIds] })
    .getMany();
}
