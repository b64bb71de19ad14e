import type { EntityManager } from 'typeorm';
import type { Item } from './item.entity';
import type { ItemImage } from './item-image.entity';
import { imagesOfItems } from './item-images';
import { Variant } from './variant.entity';

/** A variant with its item and the item's images, as a drop's pages show it. */
export type VariantWithItem = Variant & { item: Item & { images: ItemImage[] } };

/**
 * The variants with their items and the items' images, by variant id, in two statements however
 * many there are: catalog's reader for the drops' views (drop lines name variants; drops sits
 * above catalog and reads its tables only through here).
 */
export async function readVariantsWithItems(
  on: EntityManager,
  variantIds: readonly string[],
): Promise<Map<string, VariantWithItem>> {
  if (variantIds.length === 0) return new Map();
  const variants = await on
    .getRepository(Variant)
    .createQueryBuilder('v')
    .innerJoinAndSelect('v.item', 'item')
    .where('v.id IN (:...variantIds)', { variantIds: [...new Set(variantIds)] })
    .getMany();
  const itemIds = [...new Set(variants.map((v) => v.itemId))];
  const images = await imagesOfItems(on, itemIds);
  return new Map(
    variants.map((variant) => {
      const item = variant.item as Item;
      const withImages = Object.assign(item, {
        images: images.filter((image) => image.itemId === item.id),
      });
      return [variant.id, Object.assign(variant, { item: withImages })];
    }),
  );
}
