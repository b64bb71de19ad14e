import { type AuditActor, AuditLog } from '@limited-run/audit';
import type { CollectiveRef } from '@limited-run/collectives';
import { DropAuthoringService, type DropView } from '@limited-run/drops';
import { constraintViolation, FOREIGN_KEY_VIOLATION } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DropShippingProfile } from './drop-shipping-profile.entity';
import { readProfileOfDrop } from './profile-of-drop';
import type { ShippingProfile } from './shipping-profile.entity';
import { ShippingCurrencyMismatchError, ShippingProfileNotFoundError } from './shipping.errors';
import { ShippingService } from './shipping.service';

const DROP_PROFILE_CONSTRAINT = 'FK_drop_shipping_profiles_profile';

/** Which of its collective's shipping profiles a drop ships with. */
@Injectable()
export class DropShippingProfiles {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly drops: DropAuthoringService,
    private readonly shipping: ShippingService,
    private readonly audit: AuditLog,
  ) {}

  /** The drop's profile, or null when it has none yet (checkout then collects no address). */
  async of(collective: CollectiveRef, dropId: string): Promise<ShippingProfile | null> {
    await this.drops.get(collective.id, dropId);
    return readProfileOfDrop(this.dataSource, dropId);
  }

  /** The drop ships with this profile from now on; its lines must be priced in its currency. */
  async set(
    actor: AuditActor,
    collective: CollectiveRef,
    dropId: string,
    profileId: string,
  ): Promise<{ view: DropView; profile: ShippingProfile }> {
    const view = await this.drops.get(collective.id, dropId);
    const profile = await this.shipping.get(collective, profileId);
    for (const line of view.lines) {
      const currency = line.currency ?? line.variant.currency;
      if (currency !== profile.currency) {
        throw new ShippingCurrencyMismatchError(profile.currency, currency);
      }
    }
    try {
      await this.dataSource.transaction(async (manager) => {
        const repo = manager.getRepository(DropShippingProfile);
        const existing = await repo.findOneBy({ dropId });
        await repo.save(manager.create(DropShippingProfile, { dropId, profileId }));
        await this.audit.record(manager, {
          actor,
          action: 'drop.shipping_profile',
          targetType: 'drop',
          targetId: dropId,
          collectiveId: collective.id,
          before: { profileId: existing?.profileId ?? null },
          after: { profileId },
        });
      });
    } catch (error) {
      // The profile was deleted between reading it and linking it.
      const violation = constraintViolation(error);
      if (
        violation?.code === FOREIGN_KEY_VIOLATION &&
        violation.constraint === DROP_PROFILE_CONSTRAINT
      ) {
        throw new ShippingProfileNotFoundError();
      }
      throw error;
    }
    return { view, profile };
  }
}
