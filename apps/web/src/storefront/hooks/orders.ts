import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type Order = components['schemas']['OrderResponse'];
export type Certificate = components['schemas']['SerialCertificateResponse'];

/** Statuses that will still change on their own (a payment event is on its way). */
const SETTLING = new Set<Order['status']>([
  'awaiting_payment',
  'awaiting_async_payment',
  'refund_pending',
]);

export const orderKeys = {
  mine: ['me', 'orders'] as const,
  one: (orderId: string) => ['me', 'orders', orderId] as const,
  bySession: (sessionId: string) => ['me', 'orders', 'session', sessionId] as const,
};

export function useMyOrders() {
  return useQuery({
    queryKey: orderKeys.mine,
    queryFn: async () =>
      unwrap(await api.GET('/me/orders', { params: { query: { pageSize: 100 } } })),
  });
}

export function useOrder(orderId: string) {
  return useQuery({
    queryKey: orderKeys.one(orderId),
    queryFn: async () =>
      unwrap(await api.GET('/me/orders/{order}', { params: { path: { order: orderId } } })),
  });
}

/** How long one request waits for a settling order to move (the API allows up to 25 s). */
const ORDER_WAIT_SECONDS = 20;

/**
 * The order a Checkout Session paid for. Stripe's redirect can beat its webhook: while the
 * order is still settling this waits for it to move (the API answers the moment the payment
 * lands, or after the wait, and then it asks again), and stops once it has settled.
 */
export function useOrderForCheckoutSession(sessionId: string) {
  return useQuery({
    queryKey: orderKeys.bySession(sessionId),
    queryFn: async () => {
      const page = unwrap(
        await api.GET('/me/orders', { params: { query: { checkoutSessionId: sessionId } } }),
      );
      const order = page.orders[0] ?? null;
      if (!order || !SETTLING.has(order.status)) return order;
      return unwrap(
        await api.GET('/me/orders/{order}', {
          params: { path: { order: order.id }, query: { wait: ORDER_WAIT_SECONDS } },
        }),
      );
    },
    refetchInterval: (query) => {
      const order = query.state.data;
      if (order === null) return 2_000;
      return order && SETTLING.has(order.status) ? 500 : false;
    },
  });
}

export function useCertificate(variantId: string, serial: string) {
  return useQuery({
    queryKey: ['certificates', variantId, serial],
    queryFn: async () =>
      unwrap(
        await api.GET('/editions/{variant}/serials/{serial}', {
          params: { path: { variant: variantId, serial: Number(serial) } },
        }),
      ),
  });
}
