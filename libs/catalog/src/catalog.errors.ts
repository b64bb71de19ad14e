import { DomainError, type DomainErrorDetail } from '@limited-run/platform';

export class ItemNotFoundError extends DomainError {
  constructor() {
    super('ITEM_NOT_FOUND', 'not_found', 'This collective has no item with this id.');
  }
}

/** Also the answer for another collective's variant: its existence is not ours to reveal. */
export class VariantNotFoundError extends DomainError {
  constructor(field?: string) {
    super(
      'VARIANT_NOT_FOUND',
      'not_found',
      'This collective has no variant with this id.',
      field ? [{ field, message: `${field} is not a variant of this collective` }] : undefined,
    );
  }
}

export class InvalidAttributesError extends DomainError {
  constructor(kind: string, details: DomainErrorDetail[]) {
    super('INVALID_ATTRIBUTES', 'invalid', `The attributes are not valid for a ${kind}.`, details);
  }
}

export class SkuTakenError extends DomainError {
  constructor(field = 'sku') {
    super('SKU_TAKEN', 'conflict', 'Another variant of this collective already uses this SKU.', [
      { field, message: 'sku must be unique within the collective' },
    ]);
  }
}

export interface AllocationShortfall {
  variantId: string;
  editionSize: number;
  allocated: number;
  requested: number;
}

/** A variant's allocations across all its drops would exceed its edition size. */
export class VariantOverAllocatedError extends DomainError {
  constructor(shortfall: AllocationShortfall, field = 'quantity') {
    super(
      'VARIANT_OVER_ALLOCATED',
      'conflict',
      'The variant does not have this many unallocated units left in its edition.',
      [
        {
          field,
          message: `only ${shortfall.editionSize - shortfall.allocated} of ${shortfall.editionSize} units are unallocated`,
          ...shortfall,
        },
      ],
    );
  }
}

/** The edition size may not fall below what drops already hold of it (a CHECK decides). */
export class EditionBelowAllocatedError extends DomainError {
  constructor(allocated?: number) {
    super(
      'EDITION_BELOW_ALLOCATED',
      'conflict',
      'The edition size cannot be lower than the units already allocated to drops.',
      [
        {
          field: 'editionSize',
          message:
            allocated === undefined
              ? 'editionSize must be at least the allocated units'
              : `editionSize must be at least ${allocated}, the units allocated to drops`,
          ...(allocated === undefined ? {} : { allocated }),
        },
      ],
    );
  }
}

/** Drops (any state, cancelled ones included) keep their lines: what they sold stays explainable. */
export class InUseByDropError extends DomainError {
  constructor(what: 'item' | 'variant', dropIds: string[]) {
    super(
      what === 'item' ? 'ITEM_IN_DROP' : 'VARIANT_IN_DROP',
      'conflict',
      what === 'item'
        ? 'A variant of this item is part of a drop; only items that no drop uses can be deleted.'
        : 'This variant is part of a drop; only variants that no drop uses can be deleted.',
      [{ field: what, message: `${what} is used by ${dropIds.length} drop(s)`, dropIds }],
    );
  }
}
