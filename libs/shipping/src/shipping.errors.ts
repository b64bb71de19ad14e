import { DomainError, type DomainErrorDetail } from '@limited-run/platform';

export class ShippingProfileNotFoundError extends DomainError {
  constructor() {
    super('SHIPPING_PROFILE_NOT_FOUND', 'not_found', 'There is no such shipping profile.');
  }
}

export class ShippingProfileNameTakenError extends DomainError {
  constructor() {
    super(
      'SHIPPING_PROFILE_NAME_TAKEN',
      'conflict',
      'Another shipping profile of this collective already has this name.',
      [{ field: 'name', message: 'name must be unique within the collective' }],
    );
  }
}

/** Zones that overlap, or more rates than Stripe can offer. */
export class ShippingZonesInvalidError extends DomainError {
  constructor(details: DomainErrorDetail[]) {
    super('SHIPPING_ZONES_INVALID', 'unprocessable', 'The shipping zones are not usable.', details);
  }
}

/** The drop has no shipping profile: it cannot be checked out (nothing can be sent). */
export class DropNotShippableError extends DomainError {
  constructor() {
    super(
      'DROP_SHIPPING_NOT_SET',
      'conflict',
      'This drop has no shipping profile yet, so it cannot be shipped or checked out.',
    );
  }
}

/** A profile priced in another currency than the drop's lines. */
export class ShippingCurrencyMismatchError extends DomainError {
  constructor(profileCurrency: string, lineCurrency: string) {
    super(
      'SHIPPING_CURRENCY_MISMATCH',
      'conflict',
      `The shipping profile is priced in ${profileCurrency}, the drop in ${lineCurrency}.`,
      [{ field: 'profileId', message: 'currencies differ', profileCurrency, lineCurrency }],
    );
  }
}

/** Drops still selling (or about to) ship with this profile; `details[0].dropIds` names them. */
export class ShippingProfileInUseError extends DomainError {
  constructor(dropIds: string[]) {
    super(
      'SHIPPING_PROFILE_IN_USE',
      'conflict',
      `This shipping profile is used by ${dropIds.length} drop(s) that are not closed or ` +
        'cancelled; give them another profile first.',
      [
        {
          field: 'profileId',
          message: `used by ${dropIds.length} drop(s)`,
          dropIds,
        },
      ],
    );
  }
}
