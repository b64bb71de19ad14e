import type { VariantLabel } from '@limited-run/catalog';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { rows } from '@limited-run/platform';

export interface IssuedSerial {
  serial: number;
  editionSize: number;
}

/**
 * Numbers of numbered editions. The published rule: numbers are given when a payment is applied,
 * in the order payments are applied, and each unit takes the lowest number of its edition that
 * no paid order holds; a refund frees its numbers for the next buyer. Live numbers never exceed
 * the units sold, so they stay within 1..edition size.
 */
@Injectable()
export class EditionSerials {
  /**
   * Gives a paid order its numbers, in the caller's transaction; none for an unnumbered variant.
   * `variant` is the order's variant as catalog's `readVariantLabels` read it (or undefined).
   */
  async issue(
    manager: EntityManager,
    order: { id: string; variantId: string; quantity: number },
    variant: Pick<VariantLabel, 'numbered' | 'editionSize'> | undefined,
  ): Promise<IssuedSerial[]> {
    if (!variant?.numbered) return [];
    const already = await this.ofOrder(manager, order.id);
    if (already.length > 0) return already;
    // One payment at a time per edition, so "lowest free number" is decided without a race.
    await rows(manager, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `serials:${order.variantId}`,
    ]);
    const issued = await rows<{ serial: number; edition_size: number }>(
      manager,
      `INSERT INTO order_serials (order_id, variant_id, serial, edition_size)
       SELECT $1, $2, n, $4
         FROM generate_series(1, $4::int) AS n
        WHERE NOT EXISTS (SELECT 1 FROM order_serials s
                           WHERE s.variant_id = $2 AND s.serial = n AND s.voided_at IS NULL)
        ORDER BY n
        LIMIT $3
       RETURNING serial, edition_size`,
      [order.id, order.variantId, order.quantity, variant.editionSize],
    );
    if (issued.length !== order.quantity) {
      // Cannot happen while sold units stay within the edition; refuse rather than short-change.
      throw new Error(`edition of variant ${order.variantId} has no free number left`);
    }
    return issued
      .map((s) => ({ serial: s.serial, editionSize: s.edition_size }))
      .sort((a, b) => a.serial - b.serial);
  }

  /** Frees a refunded order's numbers, in the caller's transaction. */
  async void(manager: EntityManager, orderId: string): Promise<number> {
    const voided = await rows(
      manager,
      `UPDATE order_serials SET voided_at = now() WHERE order_id = $1 AND voided_at IS NULL RETURNING id`,
      [orderId],
    );
    return voided.length;
  }

  async ofOrder(manager: EntityManager, orderId: string): Promise<IssuedSerial[]> {
    const found = await manager.query<Array<{ serial: number; edition_size: number }>>(
      `SELECT serial, edition_size FROM order_serials
        WHERE order_id = $1 AND voided_at IS NULL ORDER BY serial`,
      [orderId],
    );
    return found.map((s) => ({ serial: s.serial, editionSize: s.edition_size }));
  }
}
