import { DomainError } from '@limited-run/platform';
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
