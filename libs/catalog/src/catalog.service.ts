import { type AuditActor, AuditLog } from '@limited-run/audit';
import type { CollectiveRef } from '@limited-run/collectives';
import type { Paged } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  EditionBelowAllocatedError,
  InUseByDropError,
  ItemNotFoundError,
  SkuTakenError,
  VariantNotFoundError,
} from './catalog.errors';
import type { CreateItemDto } from './dto/create-item.dto';
import type { CreateVariantDto } from './dto/create-variant.dto';
import type { ItemWithVariants } from './dto/item.response';
import type { ListItemsQuery } from './dto/list-items.query';
import { refuseNulls } from './dto/refuse-nulls';
import type { UpdateItemDto } from './dto/update-item.dto';
import type { UpdateVariantDto } from './dto/update-variant.dto';
import { ItemDeletionHooks } from './item-deletion-hooks';
import { ItemImage } from './item-image.entity';
import { Item } from './item.entity';
import { validateKindAttributes } from './kinds/kind-attributes';
import {
  CHECK_VIOLATION,
  constraintViolation,
  FOREIGN_KEY_VIOLATION,
  UNIQUE_VIOLATION,
} from '@limited-run/platform';
import { Variant } from './variant.entity';

/** The audit trail's view of a variant: what a collective changes and a drop depends on. */
function variantSnapshot(variant: Variant): Record<string, unknown> {
  return {
    itemId: variant.itemId,
    sku: variant.sku,
    label: variant.label,
    attributes: variant.attributes,
    priceMinor: variant.priceMinor,
    currency: variant.currency,
    editionSize: variant.editionSize,
    numbered: variant.numbered,
  };
}

function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const record = source as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

/** Keys of a partial update that were actually given. */
function givenKeys(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}

/** Refuses a write whose SKU collides, naming the field the client sent it in. */
function rethrowSkuTaken(error: unknown, field: string): never {
  const violation = constraintViolation(error);
  if (violation?.code === UNIQUE_VIOLATION && violation.constraint === 'UQ_variants_collective_sku')
    throw new SkuTakenError(field);
  throw error;
}

@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly deletionHooks: ItemDeletionHooks,
  ) {}

  /** Creates an item and, optionally, its first variants in one transaction. */
  async createItem(
    actor: AuditActor,
    collective: CollectiveRef,
    input: CreateItemDto,
  ): Promise<ItemWithVariants> {
    const attributes = validateKindAttributes(input.kind, 'item', input.attributes);
    const variantInputs = (input.variants ?? []).map((variant, index) => ({
      ...variant,
      attributes: validateKindAttributes(
        input.kind,
        'variant',
        variant.attributes,
        `variants.${index}.attributes`,
      ),
    }));
    const seen = new Set<string>();
    variantInputs.forEach((variant, index) => {
      if (seen.has(variant.sku)) throw new SkuTakenError(`variants.${index}.sku`);
      seen.add(variant.sku);
    });

    return this.dataSource
      .transaction(async (manager) => {
        if (variantInputs.length > 0) {
          const taken = await manager.getRepository(Variant).find({
            select: { sku: true },
            where: { collectiveId: collective.id, sku: In(variantInputs.map((v) => v.sku)) },
          });
          const index = variantInputs.findIndex((v) => taken.some((t) => t.sku === v.sku));
          if (index >= 0) throw new SkuTakenError(`variants.${index}.sku`);
        }
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
          variants.push(await this.insertVariant(manager, item, variant));
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
      variants: await this.variantsOf(manager, item.id),
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
      const changes: Partial<Item> = {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.mediaUrls !== undefined ? { mediaUrls: patch.mediaUrls } : {}),
        ...(patch.expectedShipDate !== undefined
          ? { expectedShipDate: patch.expectedShipDate }
          : {}),
        ...(patch.attributes !== undefined
          ? { attributes: validateKindAttributes(item.kind, 'item', patch.attributes) }
          : {}),
      };
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
        variants: await this.variantsOf(manager, item.id),
        images: await this.imagesOf(manager, [item.id]),
      };
    });
  }

  async createVariant(
    actor: AuditActor,
    collective: CollectiveRef,
    itemId: string,
    input: CreateVariantDto,
  ): Promise<Variant> {
    return this.dataSource
      .transaction(async (manager) => {
        const item = await manager
          .getRepository(Item)
          .findOne({ where: { id: itemId, collectiveId: collective.id } });
        if (!item) throw new ItemNotFoundError();
        const variant = await this.insertVariant(manager, item, {
          ...input,
          attributes: validateKindAttributes(item.kind, 'variant', input.attributes),
        });
        await this.audit.record(manager, {
          actor,
          action: 'variant.create',
          targetType: 'variant',
          targetId: variant.id,
          collectiveId: collective.id,
          after: variantSnapshot(variant),
        });
        return variant;
      })
      .catch((error: unknown) => rethrowSkuTaken(error, 'sku'));
  }

  async listVariants(collectiveId: string, itemId: string): Promise<Variant[]> {
    return (await this.getItem(collectiveId, itemId)).variants;
  }

  async getVariant(collectiveId: string, itemId: string, variantId: string): Promise<Variant> {
    const variant = await this.dataSource
      .getRepository(Variant)
      .findOne({ where: { id: variantId, itemId, collectiveId } });
    if (!variant) throw new VariantNotFoundError();
    return variant;
  }

  /**
   * Changes a variant. Prices change freely (scheduled drops keep the price they were
   * scheduled with); the edition size may not fall below the allocated units, which the
   * CHECK on `variants` decides even against a drop allocating at the same moment.
   */
  async updateVariant(
    actor: AuditActor,
    collective: CollectiveRef,
    itemId: string,
    variantId: string,
    patch: UpdateVariantDto,
  ): Promise<Variant> {
    refuseNulls(patch);
    let allocatedWhenLocked: number | undefined;
    return this.dataSource
      .transaction(async (manager) => {
        const variants = manager.getRepository(Variant);
        const variant = await variants.findOne({
          where: { id: variantId, itemId, collectiveId: collective.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!variant) throw new VariantNotFoundError();
        allocatedWhenLocked = variant.allocated;
        const changes: Partial<Variant> = {};
        for (const key of givenKeys(patch) as Array<keyof UpdateVariantDto>) {
          Object.assign(changes, { [key]: patch[key] });
        }
        if (patch.attributes !== undefined) {
          const item = await manager.getRepository(Item).findOneByOrFail({ id: itemId });
          changes.attributes = validateKindAttributes(item.kind, 'variant', patch.attributes);
        }
        const keys = Object.keys(changes);
        if (keys.length === 0) return variant;
        const before = pick(variant, keys);
        const saved = await variants.save(Object.assign(variant, changes));
        await this.audit.record(manager, {
          actor,
          action: 'variant.update',
          targetType: 'variant',
          targetId: variant.id,
          collectiveId: collective.id,
          before,
          after: pick(saved, keys),
        });
        return saved;
      })
      .catch((error: unknown) => {
        const violation = constraintViolation(error);
        if (
          violation?.code === CHECK_VIOLATION &&
          violation.constraint === 'CHK_variants_allocated'
        ) {
          throw new EditionBelowAllocatedError(allocatedWhenLocked);
        }
        return rethrowSkuTaken(error, 'sku');
      });
  }

  /**
   * The collective's variant with its item, for a drop line; another collective's variant is
   * VARIANT_NOT_FOUND. `field` names the request field that referred to it.
   */
  async variantOfCollective(
    manager: EntityManager,
    collectiveId: string,
    variantId: string,
    field?: string,
  ): Promise<Variant & { item: Item }> {
    const variant = await manager.getRepository(Variant).findOne({
      where: { id: variantId, collectiveId },
      relations: { item: true },
    });
    if (!variant?.item) throw new VariantNotFoundError(field);
    return variant as Variant & { item: Item };
  }

  private async insertVariant(
    manager: EntityManager,
    item: Item,
    input: CreateVariantDto,
  ): Promise<Variant> {
    return manager.getRepository(Variant).save(
      manager.create(Variant, {
        itemId: item.id,
        collectiveId: item.collectiveId,
        sku: input.sku,
        label: input.label,
        attributes: input.attributes,
        priceMinor: input.priceMinor,
        currency: input.currency,
        editionSize: input.editionSize,
        numbered: input.numbered ?? false,
        allocated: 0,
      }),
    );
  }

  private async variantsOf(manager: EntityManager, itemId: string): Promise<Variant[]> {
    return manager
      .getRepository(Variant)
      .find({ where: { itemId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  private async imagesOf(manager: EntityManager, itemIds: string[]): Promise<ItemImage[]> {
    if (itemIds.length === 0) return [];
    return manager.getRepository(ItemImage).find({ where: { itemId: In(itemIds) } });
  }

  /**
   * Deletes an item no drop uses, with its variants and images (the image rows cascade; their
   * files are left to the media library). The item's row lock orders it against a drop line
   * being added meanwhile; the foreign key from drop lines refuses whatever slips past.
   */
  async deleteItem(actor: AuditActor, collective: CollectiveRef, itemId: string): Promise<void> {
    await this.dataSource
      .transaction(async (manager) => {
        const item = await manager.getRepository(Item).findOne({
          where: { id: itemId, collectiveId: collective.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!item) throw new ItemNotFoundError();
        const variants = await this.variantsOf(manager, item.id);
        const drops = await this.dropsUsing(
          manager,
          variants.map((v) => v.id),
        );
        if (drops.length > 0) throw new InUseByDropError('item', drops);
        // Their rows go with the item (ON DELETE CASCADE); their files once this commits.
        const images = await manager
          .getRepository(ItemImage)
          .find({ where: { itemId: item.id }, select: { id: true } });
        if (variants.length > 0) {
          await manager.getRepository(Variant).delete({ id: In(variants.map((v) => v.id)) });
        }
        await manager.getRepository(Item).delete({ id: item.id });
        await this.audit.record(manager, {
          actor,
          action: 'item.delete',
          targetType: 'item',
          targetId: item.id,
          collectiveId: collective.id,
          before: { kind: item.kind, title: item.title, variants: variants.map((v) => v.sku) },
          after: null,
        });
        await this.deletionHooks.afterItemDeleted(manager, {
          itemId,
          collectiveId: collective.id,
          imageIds: images.map((image) => image.id),
        });
      })
      .catch((error: unknown) => rethrowInUse(error, 'item'));
  }

  /** Deletes a variant no drop uses. */
  async deleteVariant(
    actor: AuditActor,
    collective: CollectiveRef,
    itemId: string,
    variantId: string,
  ): Promise<void> {
    await this.dataSource
      .transaction(async (manager) => {
        const variant = await manager.getRepository(Variant).findOne({
          where: { id: variantId, itemId, collectiveId: collective.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!variant) throw new VariantNotFoundError();
        const drops = await this.dropsUsing(manager, [variant.id]);
        if (drops.length > 0) throw new InUseByDropError('variant', drops);
        await manager.getRepository(Variant).delete({ id: variant.id });
        await this.audit.record(manager, {
          actor,
          action: 'variant.delete',
          targetType: 'variant',
          targetId: variant.id,
          collectiveId: collective.id,
          before: variantSnapshot(variant),
          after: null,
        });
      })
      .catch((error: unknown) => rethrowInUse(error, 'variant'));
  }

  private async dropsUsing(manager: EntityManager, variantIds: string[]): Promise<string[]> {
    if (variantIds.length === 0) return [];
    const rows: Array<{ drop_id: string }> = await manager.query(
      `SELECT DISTINCT drop_id FROM drop_lines WHERE variant_id = ANY($1::uuid[]) LIMIT 100`,
      [variantIds],
    );
    return rows.map((r) => r.drop_id);
  }
}

/** A drop line added between our check and the delete: the foreign key's refusal, said plainly. */
function rethrowInUse(error: unknown, what: 'item' | 'variant'): never {
  if (constraintViolation(error)?.code === FOREIGN_KEY_VIOLATION) {
    throw new InUseByDropError(what, []);
  }
  throw error;
}
