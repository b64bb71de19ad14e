import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/api-error';
import type { components, operations } from '../../api/schema.gen';
import { saveBlob } from '../../lib/save-blob';

export type ConsoleOrder = components['schemas']['CollectiveOrderResponse'];
export type ConsoleOrderDetail = components['schemas']['CollectiveOrderDetailResponse'];
export type OrderFilters = NonNullable<
  operations['CollectiveOrdersController_list']['parameters']['query']
>;

export const consoleOrderKeys = {
  all: (collective: string) => ['console', collective, 'orders'] as const,
  list: (collective: string, filters: OrderFilters) =>
    ['console', collective, 'orders', 'list', filters] as const,
  one: (collective: string, orderId: string) => ['console', collective, 'orders', orderId] as const,
};

export function useCollectiveOrders(collective: string, filters: OrderFilters) {
  return useQuery({
    queryKey: consoleOrderKeys.list(collective, filters),
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/orders', {
          params: { path: { collective }, query: filters },
        }),
      ),
  });
}

export function useCollectiveOrder(collective: string, orderId: string) {
  return useQuery({
    queryKey: consoleOrderKeys.one(collective, orderId),
    queryFn: async () =>
      unwrap(
        await api.GET('/collectives/{collective}/orders/{order}', {
          params: { path: { collective, order: orderId } },
        }),
      ),
  });
}

export function useRefundOrder(collective: string, orderId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (returnUnitsToDrop: boolean) =>
      unwrap(
        await api.POST('/collectives/{collective}/orders/{order}/refund', {
          params: { path: { collective, order: orderId } },
          body: { returnUnitsToDrop },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: consoleOrderKeys.all(collective) }),
  });
}

/**
 * Downloads a drop's paid orders as CSV. The export needs the bearer token, which a plain link
 * cannot carry, so the file is fetched through the client and handed to the browser as a blob.
 */
export async function downloadPaidOrdersCsv(collective: string, dropId: string): Promise<void> {
  const result = await api.GET('/collectives/{collective}/drops/{drop}/orders.csv', {
    params: { path: { collective, drop: dropId } },
    parseAs: 'blob',
  });
  if (!result.response.ok || !(result.data instanceof Blob)) {
    throw ApiError.from(result.response.status, result.error);
  }
  saveBlob(result.data, `orders-${dropId}.csv`);
}
