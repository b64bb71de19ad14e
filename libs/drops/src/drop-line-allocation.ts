import { EditionAllocator, VariantsService } from '@limited-run/catalog';
import { type DomainErrorDetail, RequestValidationError } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DropLine } from './drop-line.entity';
import { DropLineNotFoundError } from './drops.errors';
import type { DropLineInput } from './dto/create-drop.dto';

/** A requested line with its index in the request, for errors that name the field. */
export interface IndexedLine {
  line: DropLineInput;
  index: number;
}

/** Lines sorted by variant id, each with its index in the request; a variant twice is refused. */
export function linesInVariantOrder(lines: DropLineInput[]): IndexedLine[] {
  const problems: DomainErrorDetail[] = [];
  lines.forEach((line, index) => {
    if (lines.findIndex((other) => other.variantId === line.variantId) !== index) {
      problems.push({ field: `lines.${index}.variantId`, message: 'each variant may appear once' });
    }
  });
  if (problems.length > 0) throw new RequestValidationError(problems);
  return lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => (a.line.variantId.toLowerCase() < b.line.variantId.toLowerCase() ? -1 : 1));
}

/**
 * A draft's lines and the edition units they take: every unit a line gains comes out of its
 * variant's edition, and every unit it loses goes back, in the caller's transaction.
 */
@Injectable()
export class DropLineAllocation {
  constructor(
    private readonly variants: VariantsService,
    private readonly allocator: EditionAllocator,
  ) {}

  /**
   * A new draft's lines. In ascending variant order (`linesInVariantOrder`): two transactions
   * allocating the same variants cannot deadlock.
   */
  async allocateFirst(
    manager: EntityManager,
    collectiveId: string,
    dropId: string,
    lines: IndexedLine[],
  ): Promise<void> {
    for (const { line, index } of lines) {
      await this.variants.variantOfCollective(
        manager,
        collectiveId,
        line.variantId,
        `lines.${index}.variantId`,
      );
      await this.allocator.allocate(
        manager,
        line.variantId,
        line.quantity,
        `lines.${index}.quantity`,
      );
      await manager.getRepository(DropLine).insert({
        dropId,
        variantId: line.variantId,
        quantityAllocated: line.quantity,
      });
    }
  }

  /** Sets one line's quantity, taking the difference from the edition or giving it back. */
  async set(
    manager: EntityManager,
    collectiveId: string,
    dropId: string,
    variantId: string,
    quantity: number,
  ): Promise<{ previous: number | null }> {
    await this.variants.variantOfCollective(manager, collectiveId, variantId);
    const lines = manager.getRepository(DropLine);
    const existing = await lines.findOne({ where: { dropId, variantId } });
    const previous = existing?.quantityAllocated ?? 0;
    if (quantity > previous) {
      await this.allocator.allocate(manager, variantId, quantity - previous);
    } else {
      await this.allocator.release(manager, variantId, previous - quantity);
    }
    if (existing) {
      await lines.update({ id: existing.id }, { quantityAllocated: quantity });
    } else {
      await lines.insert({ dropId, variantId, quantityAllocated: quantity });
    }
    return { previous: existing ? previous : null };
  }

  /** Removes a line and gives its units back to the edition; the quantity it had. */
  async remove(manager: EntityManager, dropId: string, variantId: string): Promise<number> {
    const lines = manager.getRepository(DropLine);
    const line = await lines.findOne({ where: { dropId, variantId } });
    if (!line) throw new DropLineNotFoundError();
    await this.allocator.release(manager, variantId, line.quantityAllocated);
    await lines.delete({ id: line.id });
    return line.quantityAllocated;
  }
}
