import type { DataSource, EntityManager } from 'typeorm';
import { DropShippingProfile } from './drop-shipping-profile.entity';
import { ShippingProfile } from './shipping-profile.entity';

/**
 * The profile a drop ships with, or null, in one statement. (`findOne` with the link's relation
 * sends two: TypeORM first selects the distinct ids under its `LIMIT 1`, then the rows; checkout
 * asks this for every first attempt.)
 */
export function readProfileOfDrop(
  on: EntityManager | DataSource,
  dropId: string,
): Promise<ShippingProfile | null> {
  return on
    .getRepository(ShippingProfile)
    .createQueryBuilder('profile')
    .innerJoin(DropShippingProfile, 'link', 'link.profile_id = profile.id')
    .where('link.drop_id = :dropId', { dropId })
    .getOne();
}
