import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { VariantOverAllocatedError } from './catalog.errors';
import { Variant } from './variant.entity';

/**
 * Moves a variant's `allocated` counter, the units of its edition promised to drops. Each move
 * is one guarded UPDATE inside the caller's transaction, so concurrent drops taking units of
 * one edition are serialised by the row lock and can never promise more than the edition
 * (the CHECK on `variants` backs this up). Callers that move several variants in one
 * transaction do so in ascending variant id order, so two such transactions cannot deadlock.
 */
@Injectable()
export class EditionAllocator {
  /** Takes `quantity` more units for a drop, or refuses with VARIANT_OVER_ALLOCATED. */
  async allocate(
    manager: EntityManager,
    variantId: string,
    quantity: number,
    field = 'quantity',
  ): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(Variant)
      .set({ allocated: () => '"allocated" + :quantity', updatedAt: () => 'now()' })
      .where('id = :variantId AND "allocated" + :quantity <= "edition_size"')
      .setParameters({ variantId, quantity })
      .execute();
    if (result.affected === 1) return;
    const variant = await manager.getRepository(Variant).findOne({
      select: { id: true, editionSize: true, allocated: true },
      where: { id: variantId },
    });
    if (!variant) throw new Error(`variant ${variantId} vanished while allocating`);
    throw new VariantOverAllocatedError(
      {
        variantId,
        editionSize: variant.editionSize,
        allocated: variant.allocated,
        requested: quantity,
      },
      field,
    );
  }

  /** Gives `quantity` units back to the edition (a line shrank or went, a drop was cancelled). */
  async release(manager: EntityManager, variantId: string, quantity: number): Promise<void> {
    if (quantity === 0) return;
    const result = await manager
      .createQueryBuilder()
      .update(Variant)
      .set({ allocated: () => '"allocated" - :quantity', updatedAt: () => 'now()' })
      .where('id = :variantId AND "allocated" >= :quantity')
      .setParameters({ variantId, quantity })
      .execute();
    // Releasing more than was allocated means the drop lines and the counter disagree: a bug.
    if (result.affected !== 1) {
      throw new Error(`cannot release ${quantity} units of variant ${variantId}`);
    }
  }
}
