import { type AuditActor, AuditLog } from '@limited-run/audit';
import type { CollectiveRef } from '@limited-run/collectives';
import type { Paged } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { InUseByDropError, ItemNotFoundError, SkuTakenError } from './catalog.errors';
import {
  type DropsUsingVariants,
  pick,
  rethrowInUse,
  rethrowSkuTaken,
  variantSnapshot,
} from './catalog-writes';
import type { CreateItemDto } from './dto/create-item.dto';
import type { CreateVariantDto } from './dto/create-variant.dto';
import type { ItemWithVariants } from './dto/item.response';
import type { ListItemsQuery } from './dto/list-items.query';
import { refuseNulls } from './dto/refuse-nulls';
import type { UpdateItemDto } from './dto/update-item.dto';
import { ItemImage } from './item-image.entity';
import { Item } from './item.entity';
import { validateKindAttributes } from './kinds/kind-attributes';
import { Variant } from './variant.entity';
import { VariantsService } from './variants.service';

/**
 * The first variants of a new item, their attributes checked against the item's kind; a SKU
 * twice in the request is refused at its second place.
 */
function firstVariantsOf(input: CreateItemDto): CreateVariantDto[] {
  const variants = (input.variants ?? []).map((variant, index) => ({
    ...variant,
    attributes: validateKindAttributes(
      input.kind,
      'variant',
      variant.attributes,
      `variants.${index}.attributes`,
    ),
  }));
  const seen = new Set<string>();
  variants.forEach((variant, index) => {
    if (seen.has(variant.sku)) throw new SkuTakenError(`variants.${index}.sku`);
    seen.add(variant.sku);
  });
  return variants;
}

/** The given fields of an item patch, attributes checked against the item's kind. */
function itemChanges(item: Item, patch: UpdateItemDto): Partial<Item> {
  return {
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.mediaUrls !== undefined ? { mediaUrls: patch.mediaUrls } : {}),
    ...(patch.expectedShipDate !== undefined ? { expectedShipDate: patch.expectedShipDate } : {}),
    ...(patch.attributes !== undefined
      ? { attributes: validateKindAttributes(item.kind, 'item', patch.attributes) }
      : {}),
  };
}

/** What went with a deleted item: its images' rows (their files are the media library's). */
export interface DeletedItem {
  itemId: string;
  imageIds: string[];
}

/** A collective's items of any kind, each with its variants and images. */
@Injectable()
export class ItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly variants: VariantsService,
  ) {}

  /** Creates an item and, optionally, its first variants in one transaction. */
  async createItem(
    actor: AuditActor,
    collective: CollectiveRef,
    input: CreateItemDto,
  ): Promise<ItemWithVariants> {
    const attributes = validateKindAttributes(input.kind, 'item', input.attributes);
    const variantInputs = firstVariantsOf(input);

    return this.dataSource
      .transaction(async (manager) => {
        await this.refuseTakenSkus(manager, collective.id, variantInputs);
        const item = await manager.getRepository(Item).save(
          manager.create(Item, {
            collectiveId: collective.id,
            kind: input.kind,
            title: input.title,
            description: input.description ?? '',
            mediaUrls: input.mediaUrls ?? [],
            expectedShipDate: input.expectedShipDate ?? null,
            attributes,
          }),
        );
        const variants: Variant[] = [];
        for (const variant of variantInputs) {
          variants.push(await this.variants.insertVariant(manager, item, variant));
        }
        await this.audit.record(manager, {
          actor,
          action: 'item.create',
          targetType: 'item',
          targetId: item.id,
          collectiveId: collective.id,
          after: {
            kind: item.kind,
            title: item.title,
            attributes: item.attributes,
            variants: variants.map((v) => ({ id: v.id, ...variantSnapshot(v) })),
          },
        });
        return { item, variants };
      })
      .catch((error: unknown) => rethrowSkuTaken(error, 'variants'));
  }

  async listItems(collectiveId: string, query: ListItemsQuery): Promise<Paged<ItemWithVariants>> {
    const [items, total] = await this.dataSource.getRepository(Item).findAndCount({
      where: { collectiveId, ...(query.kind ? { kind: query.kind } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const variants = items.length
      ? await this.dataSource.getRepository(Variant).find({
          where: { itemId: In(items.map((i) => i.id)) },
          order: { createdAt: 'ASC', id: 'ASC' },
        })
      : [];
    const images = await this.imagesOf(
      this.dataSource.manager,
      items.map((i) => i.id),
    );
    return {
      rows: items.map((item) => ({
        item,
        variants: variants.filter((v) => v.itemId === item.id),
        images: images.filter((image) => image.itemId === item.id),
      })),
      total,
    };
  }

  async getItem(collectiveId: string, itemId: string): Promise<ItemWithVariants> {
    const item = await this.dataSource
      .getRepository(Item)
      .findOne({ where: { id: itemId, collectiveId } });
    if (!item) throw new ItemNotFoundError();
    const manager = this.dataSource.manager;
    return {
      item,
      variants: await this.variants.variantsOf(manager, item.id),
      images: await this.imagesOf(manager, [item.id]),
    };
  }

  async updateItem(
    actor: AuditActor,
    collective: CollectiveRef,
    itemId: string,
    patch: UpdateItemDto,
  ): Promise<ItemWithVariants> {
    refuseNulls(patch, ['expectedShipDate']);
    return this.dataSource.transaction(async (manager) => {
      const items = manager.getRepository(Item);
      const item = await items.findOne({
        where: { id: itemId, collectiveId: collective.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!item) throw new ItemNotFoundError();
      const changes = itemChanges(item, patch);
      const keys = Object.keys(changes);
      const before = pick(item, keys);
      Object.assign(item, changes);
      const saved = await items.save(item);
      if (keys.length > 0) {
        await this.audit.record(manager, {
          actor,
          action: 'item.update',
          targetType: 'item',
          targetId: item.id,
          collectiveId: collective.id,
          before,
          after: pick(saved, keys),
        });
      }
      return {
        item: saved,
        variants: await this.variants.variantsOf(manager, item.id),
        images: await this.imagesOf(manager, [item.id]),
      };
    });
  }

  /**
   * Deletes an item no drop uses, with its variants and images, in the caller's transaction
   * (the entry point also deletes the image files once it commits: media's `ImagesService`).
   * The image rows cascade; their ids are returned for their files. The item's row lock orders
   * the deletion against a drop line being added meanwhile; the foreign key from drop lines
   * refuses whatever slips past. `dropsUsing` is drops' reader, given by the caller.
   */
  async deleteItem(
    manager: EntityManager,
    actor: AuditActor,
    collective: CollectiveRef,
    itemId: string,
    dropsUsing: DropsUsingVariants,
  ): Promise<DeletedItem> {
    const item = await manager.getRepository(Item).findOne({
      where: { id: itemId, collectiveId: collective.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!item) throw new ItemNotFoundError();
    const variants = await this.variants.variantsOf(manager, item.id);
    const drops = await dropsUsing(
      manager,
      variants.map((v) => v.id),
    );
    if (drops.length > 0) throw new InUseByDropError('item', drops);
    const images = await manager
      .getRepository(ItemImage)
      .find({ where: { itemId: item.id }, select: { id: true } });
    try {
      if (variants.length > 0) {
        await manager.getRepository(Variant).delete({ id: In(variants.map((v) => v.id)) });
      }
      await manager.getRepository(Item).delete({ id: item.id });
    } catch (error) {
      rethrowInUse(error, 'item');
    }
    await this.audit.record(manager, {
      actor,
      action: 'item.delete',
      targetType: 'item',
      targetId: item.id,
      collectiveId: collective.id,
      before: { kind: item.kind, title: item.title, variants: variants.map((v) => v.sku) },
      after: null,
    });
    return { itemId: item.id, imageIds: images.map((image) => image.id) };
  }

  /** A SKU of the collective's other variants among the new ones: refused at its place. */
  private async refuseTakenSkus(
    manager: EntityManager,
    collectiveId: string,
    variantInputs: CreateVariantDto[],
  ): Promise<void> {
    if (variantInputs.length === 0) return;
    const taken = await manager.getRepository(Variant).find({
      select: { sku: true },
      where: { collectiveId, sku: In(variantInputs.map((v) => v.sku)) },
    });
    const index = variantInputs.findIndex((v) => taken.some((t) => t.sku === v.sku));
    if (index >= 0) throw new SkuTakenError(`variants.${index}.sku`);
  }

  private async imagesOf(manager: EntityManager, itemIds: string[]): Promise<ItemImage[]> {
    if (itemIds.length === 0) return [];
    return manager.getRepository(ItemImage).find({ where: { itemId: In(itemIds) } });
  }
}
