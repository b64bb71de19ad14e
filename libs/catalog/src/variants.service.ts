import { type AuditActor, AuditLog } from '@limited-run/audit';
import type { CollectiveRef } from '@limited-run/collectives';
import { CHECK_VIOLATION, constraintViolation } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  EditionBelowAllocatedError,
  InUseByDropError,
  ItemNotFoundError,
  VariantNotFoundError,
} from './catalog.errors';
import {
  type DropsUsingVariants,
  pick,
  rethrowInUse,
  rethrowSkuTaken,
  variantSnapshot,
} from './catalog-writes';
import type { CreateVariantDto } from './dto/create-variant.dto';
import { refuseNulls } from './dto/refuse-nulls';
import type { UpdateVariantDto } from './dto/update-variant.dto';
import { Item } from './item.entity';
import { validateKindAttributes } from './kinds/kind-attributes';
import { Variant } from './variant.entity';

/** Keys of a partial update that were actually given. */
function givenKeys(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}

/**
 * An item's variants (its editions: price, edition size, numbered), and the one way other
 * libraries look a collective's variant up.
 */
@Injectable()
export class VariantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

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

  /** The item's variants, oldest first; ITEM_NOT_FOUND for another collective's item. */
  async listVariants(collectiveId: string, itemId: string): Promise<Variant[]> {
    const manager = this.dataSource.manager;
    const item = await manager
      .getRepository(Item)
      .findOne({ where: { id: itemId, collectiveId }, select: { id: true } });
    if (!item) throw new ItemNotFoundError();
    return this.variantsOf(manager, item.id);
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

  /** Deletes a variant no drop uses (`dropsUsing`, drops' reader, names those that do). */
  async deleteVariant(
    actor: AuditActor,
    collective: CollectiveRef,
    itemId: string,
    variantId: string,
    dropsUsing: DropsUsingVariants,
  ): Promise<void> {
    await this.dataSource
      .transaction(async (manager) => {
        const variant = await manager.getRepository(Variant).findOne({
          where: { id: variantId, itemId, collectiveId: collective.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!variant) throw new VariantNotFoundError();
        const drops = await dropsUsing(manager, [variant.id]);
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

  /** A new variant of the item, in the caller's transaction, with nothing allocated yet. */
  async insertVariant(
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

  /** The item's variants, oldest first. */
  async variantsOf(manager: EntityManager, itemId: string): Promise<Variant[]> {
    return manager
      .getRepository(Variant)
      .find({ where: { itemId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
