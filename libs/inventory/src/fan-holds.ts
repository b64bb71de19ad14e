import { readVariantLabels } from '@limited-run/catalog';
import { readDropNames } from '@limited-run/drops';
import { rows } from '@limited-run/platform';
import type { DataSource } from 'typeorm';
import type { HoldStatus } from './hold.entity';

/** One of a fan's holds as the account page lists it, named by its drop and variant. */
export interface FanHold {
  holdId: string;
  dropId: string;
  dropName: string;
  variantId: string;
  itemTitle: string;
  variantLabel: string;
  quantity: number;
  status: HoldStatus;
  expiresAt: Date;
  createdAt: Date;
}

interface FanHoldRow {
  id: string;
  drop_id: string;
  variant_id: string;
  quantity: number;
  status: HoldStatus;
  expires_at: Date;
  created_at: Date;
}

/**
 * A fan's holds, newest first (the latest `limit`); the names come from the drops' and the
 * catalog's readers (a hold's drop and variant always exist: foreign keys).
 */
export async function readFanHolds(
  dataSource: DataSource,
  userId: string,
  limit = 100,
): Promise<FanHold[]> {
  const found = await rows<FanHoldRow>(
    dataSource,
    `SELECT id, drop_id, variant_id, quantity, status, expires_at, created_at
       FROM holds WHERE user_id = $1
      ORDER BY created_at DESC, id
      LIMIT $2`,
    [userId, limit],
  );
  const [dropNames, labels] = await Promise.all([
    readDropNames(
      dataSource,
      found.map((hold) => hold.drop_id),
    ),
    readVariantLabels(
      dataSource,
      found.map((hold) => hold.variant_id),
    ),
  ]);
  return found.flatMap((hold) => {
    const dropName = dropNames.get(hold.drop_id);
    const variant = labels.get(hold.variant_id);
    if (dropName === undefined || !variant) return [];
    return [
      {
        holdId: hold.id,
        dropId: hold.drop_id,
        dropName,
        variantId: hold.variant_id,
        itemTitle: variant.itemTitle,
        variantLabel: variant.label,
        quantity: hold.quantity,
        status: hold.status,
        expiresAt: new Date(hold.expires_at),
        createdAt: new Date(hold.created_at),
      },
    ];
  });
}
