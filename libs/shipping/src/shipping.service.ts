import { type AuditActor, AuditLog } from '@limited-run/audit';
import type { CollectiveRef } from '@limited-run/collectives';
import { DropCatalogue, DropAuthoringService } from '@limited-run/drops';
import {
  constraintViolation,
  FOREIGN_KEY_VIOLATION,
  isUniqueViolation,
} from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DropShippingProfile } from './drop-shipping-profile.entity';
import { readProfileOfDrop } from './profile-of-drop';
import type { ShippingProfileDto } from './dto/shipping-profile.dto';
import { ShippingProfile } from './shipping-profile.entity';
import {
  countriesOf,
  optionsFor,
  type ShippingOption,
  type ShippingZone,
  zoneProblems,
} from './shipping-rates';
import {
  DropNotShippableError,
  ShippingCurrencyMismatchError,
  ShippingProfileInUseError,
  ShippingProfileNameTakenError,
  ShippingProfileNotFoundError,
  ShippingZonesInvalidError,
} from './shipping.errors';

/** What checkout offers for one order: the countries Stripe may accept and the priced options. */
export interface CheckoutShipping {
  profileId: string;
  currency: string;
  allowedCountries: string[];
  options: ShippingOption[];
}

export interface DropShippingQuote {
  currency: string;
  quantity: number;
  variantId: string | null;
  options: ShippingOption[];
}

const PROFILE_NAME_CONSTRAINT = 'UQ_shipping_profiles_name';
const DROP_PROFILE_CONSTRAINT = 'FK_drop_shipping_profiles_profile';
/** Drops that sell nothing more: a profile they name may go (their orders copied its prices). */
const FINISHED_DROP_STATES: readonly string[] = ['closed', 'cancelled'];

/** A collective's shipping profiles, the profile each drop ships with, and their prices. */
@Injectable()
export class ShippingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly drops: DropAuthoringService,
    private readonly catalogue: DropCatalogue,
    private readonly audit: AuditLog,
  ) {}

  list(collective: CollectiveRef): Promise<ShippingProfile[]> {
    return this.dataSource
      .getRepository(ShippingProfile)
      .find({ where: { collectiveId: collective.id }, order: { name: 'ASC' } });
  }

  async get(collective: CollectiveRef, profileId: string): Promise<ShippingProfile> {
    const profile = await this.dataSource
      .getRepository(ShippingProfile)
      .findOneBy({ id: profileId, collectiveId: collective.id });
    if (!profile) throw new ShippingProfileNotFoundError();
    return profile;
  }

  async create(
    actor: AuditActor,
    collective: CollectiveRef,
    input: ShippingProfileDto,
  ): Promise<ShippingProfile> {
    const zones = normalisedZones(input);
    return this.saving(() =>
      this.dataSource.transaction(async (manager) => {
        const profile = await manager.getRepository(ShippingProfile).save(
          manager.create(ShippingProfile, {
            collectiveId: collective.id,
            name: input.name,
            currency: input.currency,
            zones,
          }),
        );
        await this.audit.record(manager, {
          actor,
          action: 'shipping_profile.create',
          targetType: 'shipping_profile',
          targetId: profile.id,
          collectiveId: collective.id,
          after: { name: profile.name, currency: profile.currency, zones },
        });
        return profile;
      }),
    );
  }

  /** Replaces a profile whole. Orders already made keep the shipping they were charged. */
  async replace(
    actor: AuditActor,
    collective: CollectiveRef,
    profileId: string,
    input: ShippingProfileDto,
  ): Promise<ShippingProfile> {
    const zones = normalisedZones(input);
    return this.saving(() =>
      this.dataSource.transaction(async (manager) => {
        const repo = manager.getRepository(ShippingProfile);
        const profile = await repo.findOne({
          where: { id: profileId, collectiveId: collective.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!profile) throw new ShippingProfileNotFoundError();
        const before = { name: profile.name, currency: profile.currency, zones: profile.zones };
        if (input.currency !== profile.currency) {
          await this.assertNoDropInOtherCurrency(manager, profile.id, input.currency);
        }
        Object.assign(profile, { name: input.name, currency: input.currency, zones });
        const saved = await repo.save(profile);
        await this.audit.record(manager, {
          actor,
          action: 'shipping_profile.replace',
          targetType: 'shipping_profile',
          targetId: profile.id,
          collectiveId: collective.id,
          before,
          after: { name: saved.name, currency: saved.currency, zones },
        });
        return saved;
      }),
    );
  }

  /**
   * Deletes a profile that no unfinished drop ships with. Closed and cancelled drops let go of
   * it (their orders keep the shipping they were charged); any other drop naming it refuses
   * the deletion with `409 SHIPPING_PROFILE_IN_USE` and the drops' ids.
   */
  async remove(actor: AuditActor, collective: CollectiveRef, profileId: string): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        const profile = await manager.getRepository(ShippingProfile).findOne({
          where: { id: profileId, collectiveId: collective.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!profile) throw new ShippingProfileNotFoundError();
        const links = await manager.getRepository(DropShippingProfile).findBy({ profileId });
        // Closed and cancelled are final states, so reading them outside this transaction
        // cannot let a drop that still sells slip through.
        const inUse: string[] = [];
        for (const link of links) {
          const view = await this.drops.get(collective.id, link.dropId);
          if (!FINISHED_DROP_STATES.includes(view.drop.state)) inUse.push(link.dropId);
        }
        if (inUse.length > 0) throw new ShippingProfileInUseError(inUse.sort());
        await manager.getRepository(DropShippingProfile).delete({ profileId });
        await manager.getRepository(ShippingProfile).delete({ id: profile.id });
        await this.audit.record(manager, {
          actor,
          action: 'shipping_profile.delete',
          targetType: 'shipping_profile',
          targetId: profile.id,
          collectiveId: collective.id,
          before: {
            name: profile.name,
            currency: profile.currency,
            zones: profile.zones,
            finishedDropIds: links.map((l) => l.dropId).sort(),
          },
        });
      });
    } catch (error) {
      // A drop given this profile while it was being deleted: the foreign key refuses the
      // deletion, answered like any other drop that uses it.
      const violation = constraintViolation(error);
      if (
        violation?.code === FOREIGN_KEY_VIOLATION &&
        violation.constraint === DROP_PROFILE_CONSTRAINT
      ) {
        const links = await this.dataSource
          .getRepository(DropShippingProfile)
          .findBy({ profileId });
        throw new ShippingProfileInUseError(links.map((l) => l.dropId).sort());
      }
      throw error;
    }
  }

  /**
   * The public price list of a drop's shipping per country, for `quantity` units of a variant
   * (default: the drop's first line), so the drop page shows it before the fan holds.
   */
  async quoteForDrop(
    dropId: string,
    quantity: number,
    variantId: string | undefined,
  ): Promise<DropShippingQuote> {
    const view = await this.catalogue.get(dropId);
    const profile = await this.profileOfDrop(this.dataSource.manager, dropId);
    const line = variantId ? view.lines.find((l) => l.variantId === variantId) : view.lines.at(0);
    const price = line ? (line.priceMinor ?? line.variant.priceMinor) : 0;
    return {
      currency: profile.currency,
      quantity,
      variantId: line?.variantId ?? null,
      options: optionsFor(profile.zones, price * quantity, quantity),
    };
  }

  /**
   * Shipping for one checkout, read in the caller's transaction; null when the drop has no
   * shipping profile (nothing is collected). Refuses a profile in another currency than the order.
   */
  async forCheckout(
    manager: EntityManager,
    dropId: string,
    order: { currency: string; goodsMinor: number; quantity: number },
  ): Promise<CheckoutShipping | null> {
    const profile = await readProfileOfDrop(manager, dropId);
    if (!profile) return null;
    if (profile.currency !== order.currency) {
      throw new ShippingCurrencyMismatchError(profile.currency, order.currency);
    }
    return {
      profileId: profile.id,
      currency: profile.currency,
      allowedCountries: countriesOf(profile.zones),
      options: optionsFor(profile.zones, order.goodsMinor, order.quantity),
    };
  }

  private async profileOfDrop(manager: EntityManager, dropId: string): Promise<ShippingProfile> {
    const profile = await readProfileOfDrop(manager, dropId);
    if (!profile) throw new DropNotShippableError();
    return profile;
  }

  private async assertNoDropInOtherCurrency(
    manager: EntityManager,
    profileId: string,
    currency: string,
  ): Promise<void> {
    const uses = await manager.getRepository(DropShippingProfile).countBy({ profileId });
    if (uses > 0) throw new ShippingCurrencyMismatchError(currency, 'the currency of its drops');
  }

  private async saving<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isUniqueViolation(error, PROFILE_NAME_CONSTRAINT)) {
        throw new ShippingProfileNameTakenError();
      }
      throw error;
    }
  }
}

/** The zones as stored: codes upper case, no absent threshold; refused when they overlap. */
function normalisedZones(input: ShippingProfileDto): ShippingZone[] {
  const zones: ShippingZone[] = input.zones.map((zone) => ({
    name: zone.name,
    countries: zone.countries.map((c) => c.toUpperCase()),
    rates: zone.rates.map((rate) => ({
      name: rate.name,
      flatMinor: rate.flatMinor,
      perUnitMinor: rate.perUnitMinor,
      freeAboveMinor: rate.freeAboveMinor ?? null,
    })),
  }));
  const problems = zoneProblems(zones);
  if (problems.length > 0) throw new ShippingZonesInvalidError(problems);
  return zones;
}
