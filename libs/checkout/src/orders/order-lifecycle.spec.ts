import { ORDER_STATUSES, type OrderStatus } from './order.entity';
import { canTransition, ORDER_TRANSITIONS, PAYMENT_APPLIED } from './order-lifecycle';

describe('order lifecycle', () => {
  it('never moves an order whose payment was applied back to a state without one', () => {
    const beforePayment: OrderStatus[] = [
      'awaiting_payment',
      'awaiting_async_payment',
      'payment_failed',
      'expired',
    ];
    for (const from of PAYMENT_APPLIED) {
      for (const to of beforePayment) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('ignores a late expiry or failure once paid, and lets money land on an order that looked over', () => {
    expect(canTransition('paid', 'expired')).toBe(false);
    expect(canTransition('paid', 'payment_failed')).toBe(false);
    expect(canTransition('expired', 'paid')).toBe(true);
    expect(canTransition('payment_failed', 'refund_pending')).toBe(true);
  });

  it('refunds only through refund_pending or a provider refund, and only forward', () => {
    expect(canTransition('paid', 'refund_pending')).toBe(true);
    expect(canTransition('refund_pending', 'refunded')).toBe(true);
    expect(canTransition('refunded', 'paid')).toBe(false);
    expect(canTransition('refunded', 'refund_pending')).toBe(false);
    expect(ORDER_TRANSITIONS.refund_failed).toEqual([]);
  });

  it('has no move from a state to itself and names only known states', () => {
    for (const from of ORDER_STATUSES) {
      expect(ORDER_TRANSITIONS[from]).not.toContain(from);
      for (const to of ORDER_TRANSITIONS[from]) expect(ORDER_STATUSES).toContain(to);
    }
  });
});
