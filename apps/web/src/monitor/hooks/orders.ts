import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type AdminOrder = components['schemas']['AdminOrderResponse'];
export type OrderStatus = AdminOrder['status'];
export interface OrderFilters {
  collectiveId?: string;
  dropId?: string;
  status?: OrderStatus;
  /** ISO 8601 instants: created at or after `from`, before `to`. */
  from?: string;
  to?: string;
}

export const ORDERS_PAGE_SIZE = 20;

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  awaiting_payment: 'Awaiting payment',
  awaiting_async_payment: 'Awaiting bank payment',
  paid: 'Paid',
  payment_failed: 'Payment failed',
  expired: 'Expired',
  refund_pending: 'Refund pending',
  refunded: 'Refunded',
  refund_failed: 'Refund failed',
  disputed: 'Disputed',
};

export const adminOrderKeys = {
  all: ['admin', 'orders'] as const,
  page: (filters: OrderFilters, page: number) => ['admin', 'orders', filters, page] as const,
};

/** Every collective's orders, newest first; `page` counts from 1. */
export function useAdminOrders(filters: OrderFilters, page: number) {
  return useQuery({
    queryKey: adminOrderKeys.page(filters, page),
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/admin/orders', {
          params: { query: { ...filters, page, pageSize: ORDERS_PAGE_SIZE } },
        }),
      ),
  });
}
