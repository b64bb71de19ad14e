import {
  constraintViolation,
  FOREIGN_KEY_VIOLATION,
  UNIQUE_VIOLATION,
} from '@limited-run/platform';
import type { EntityManager } from 'typeorm';
import { InUseByDropError, SkuTakenError } from './catalog.errors';
import type { Variant } from './variant.entity';

// What the items and variants services share when they write and audit.

/** The audit trail's view of a variant: what a collective changes and a drop depends on. */
export function variantSnapshot(variant: Variant): Record<string, unknown> {
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

export function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const record = source as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

/** Refuses a write whose SKU collides, naming the field the client sent it in. */
export function rethrowSkuTaken(error: unknown, field: string): never {
  const violation = constraintViolation(error);
  if (violation?.code === UNIQUE_VIOLATION && violation.constraint === 'UQ_variants_collective_sku')
    throw new SkuTakenError(field);
  throw error;
}

/** A drop line added between our check and the delete: the foreign key's refusal, said plainly. */
export function rethrowInUse(error: unknown, what: 'item' | 'variant'): never {
  if (constraintViolation(error)?.code === FOREIGN_KEY_VIOLATION) {
    throw new InUseByDropError(what, []);
  }
  throw error;
}

/**
 * The drops (up to 100) with a line of one of the variants, read in the deletion's transaction.
 * Drops sits above catalog, so a deletion is given drops' reader by its caller.
 */
export type DropsUsingVariants = (
  manager: EntityManager,
  variantIds: readonly string[],
) => Promise<string[]>;
