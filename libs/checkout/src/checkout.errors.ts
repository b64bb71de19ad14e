import { DomainError, type DomainErrorDetail } from '@limited-run/platform';
import type { OrderStatus } from './orders/order.entity';

export class OrderNotFoundError extends DomainError {
  constructor() {
    super('ORDER_NOT_FOUND', 'not_found', 'There is no such order.');
  }
}

/** The state machine does not allow this move; `details` carry `from` and `to`. */
export class InvalidOrderTransitionError extends DomainError {
  constructor(from: OrderStatus, to: OrderStatus) {
    super('INVALID_ORDER_TRANSITION', 'conflict', `A ${from} order cannot become ${to}.`, [
      { field: 'status', message: `${from} → ${to} is not allowed`, from, to },
    ]);
  }
}

export class OrderNotRefundableError extends DomainError {
  constructor(status: OrderStatus) {
    super(
      'ORDER_NOT_REFUNDABLE',
      'conflict',
      `Only a paid order can be refunded; this one is ${status}.`,
      [{ field: 'status', message: `the order is ${status}`, status }],
    );
  }
}

/** Checkout was already finished for this hold (paid, refunded, or its payment window closed). */
export class CheckoutClosedError extends DomainError {
  constructor(status: OrderStatus) {
    super(
      'CHECKOUT_CLOSED',
      'conflict',
      `Checkout for this hold is over: the order is ${status}.`,
      [{ field: 'status', message: `the order is ${status}`, status }],
    );
  }
}

/** The hold's time is up (its expiry is being processed); place a new hold. */
export class HoldExpiredError extends DomainError {
  constructor() {
    super('HOLD_EXPIRED', 'conflict', 'This hold has run out of time; place a new hold.');
  }
}

export class SerialNotFoundError extends DomainError {
  constructor() {
    super('SERIAL_NOT_FOUND', 'not_found', 'This edition has no such number issued.');
  }
}

/** Fulfilment refused for some orders of a request; `details` name each order and why. */
export class OrdersNotFulfillableError extends DomainError {
  constructor(details: DomainErrorDetail[]) {
    super(
      'ORDERS_NOT_FULFILLABLE',
      'conflict',
      'Some orders cannot move to this fulfilment state; nothing was changed.',
      details,
    );
  }
}

/** A pre-release item: the order cannot be shipped before the item's expected ship date. */
export class OrdersNotYetShippableError extends DomainError {
  constructor(details: DomainErrorDetail[]) {
    super(
      'ORDERS_NOT_YET_SHIPPABLE',
      'conflict',
      'Some orders hold items that cannot ship before their expected ship date; nothing was changed.',
      details,
    );
  }
}

/** Orders not of this collective (or not at all); `details` list them. */
export class OrdersNotFoundError extends DomainError {
  constructor(details: DomainErrorDetail[]) {
    super('ORDER_NOT_FOUND', 'not_found', 'There is no such order.', details);
  }
}

/** A return is recorded only for a parcel that left (shipped or delivered). */
export class OrderNotReturnableError extends DomainError {
  constructor(fulfilment: string) {
    super(
      'ORDER_NOT_RETURNABLE',
      'conflict',
      `Only a shipped or delivered parcel can come back; this one is ${fulfilment}.`,
      [{ field: 'fulfilmentStatus', message: `the order is ${fulfilment}`, fulfilment }],
    );
  }
}
