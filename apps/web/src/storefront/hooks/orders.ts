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

/**
 * The order a Checkout Session paid for. Stripe's redirect can beat its webhook: while the
 * order is still settling this asks again every two seconds, and stops once it has settled.
 */
export function useOrderForCheckoutSession(sessionId: string) {
  return useQuery({
    queryKey: orderKeys.bySession(sessionId),
    queryFn: async () => {
      const page = unwrap(
        await api.GET('/me/orders', { params: { query: { checkoutSessionId: sessionId } } }),
      );
      return page.orders[0] ?? null;
    },
    refetchInterval: (query) => {
      const order = query.state.data;
      return order === null || (order && SETTLING.has(order.status)) ? 2_000 : false;
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
