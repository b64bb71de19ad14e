import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';
import { saveBlob } from '../../lib/save-blob';
import { consoleOrderKeys } from '../orders/order-hooks';

export type FulfilmentTarget = components['schemas']['FulfilOrdersDto']['status'];
export type FulfilmentLine = components['schemas']['FulfilmentLineDto'];
export type FulfilmentResult = components['schemas']['FulfilmentResultResponse'];
export type ReturnInput = components['schemas']['ReturnOrderDto'];

export const FULFILMENT_LABELS: Record<string, string> = {
  unfulfilled: 'Unfulfilled',
  packed: 'Packed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  returned: 'Returned',
};

/** What the refused orders of a 409 say, one per order: `{orderId, message, expectedShipDate?}`. */
export interface RefusedOrder {
  orderId: string;
  message: string;
  expectedShipDate?: string;
}

export function refusedOrders(error: unknown): RefusedOrder[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as Array<Partial<RefusedOrder>>)
    .filter((d): d is RefusedOrder => typeof d.orderId === 'string')
    .map((d) => ({
      orderId: d.orderId,
      message: d.message ?? '',
      ...(d.expectedShipDate ? { expectedShipDate: d.expectedShipDate } : {}),
    }));
}

/** Many orders (≤ 500) to one state in one request: all of them or none (docs/shipping.md). */
export function useFulfilOrders(collective: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      status,
      orders,
    }: {
      status: FulfilmentTarget;
      orders: FulfilmentLine[];
    }) =>
      unwrap(
        await api.POST('/collectives/{collective}/orders/fulfilment', {
          params: { path: { collective } },
          body: { status, orders },
        }),
      ),
    onSettled: () => void client.invalidateQueries({ queryKey: consoleOrderKeys.all(collective) }),
  });
}

export function useFulfilOrder(collective: string, orderId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: components['schemas']['FulfilOrderDto']) =>
      unwrap(
        await api.POST('/collectives/{collective}/orders/{order}/fulfilment', {
          params: { path: { collective, order: orderId } },
          body,
        }),
      ),
    onSettled: () => void client.invalidateQueries({ queryKey: consoleOrderKeys.all(collective) }),
  });
}

export function useRecordReturn(collective: string, orderId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: ReturnInput) =>
      unwrap(
        await api.POST('/collectives/{collective}/orders/{order}/return', {
          params: { path: { collective, order: orderId } },
          body,
        }),
      ),
    onSettled: () => void client.invalidateQueries({ queryKey: consoleOrderKeys.all(collective) }),
  });
}

/** The drop's files for packing day, by what they are and how they are printed. */
export const PACKING_FILES = [
  { file: 'packing-list.pdf', label: 'Packing list (PDF)' },
  { file: 'packing-list.csv', label: 'Packing list (CSV)' },
  { file: 'labels.pdf', label: 'Address labels (PDF)' },
  { file: 'labels.csv', label: 'Address labels (CSV)' },
] as const;
export type PackingFile = (typeof PACKING_FILES)[number]['file'];

export type PackingScope = 'open' | 'all';

function fetchPackingFile(
  collective: string,
  dropId: string,
  file: PackingFile,
  scope: PackingScope,
) {
  const params = { path: { collective, drop: dropId }, query: { scope } };
  switch (file) {
    case 'packing-list.pdf':
      return api.GET('/collectives/{collective}/drops/{drop}/packing-list.pdf', {
        params,
        parseAs: 'blob',
      });
    case 'packing-list.csv':
      return api.GET('/collectives/{collective}/drops/{drop}/packing-list.csv', {
        params,
        parseAs: 'blob',
      });
    case 'labels.pdf':
      return api.GET('/collectives/{collective}/drops/{drop}/labels.pdf', {
        params,
        parseAs: 'blob',
      });
    case 'labels.csv':
      return api.GET('/collectives/{collective}/drops/{drop}/labels.csv', {
        params,
        parseAs: 'blob',
      });
  }
}

/**
 * Downloads one of a drop's packing files. Like the paid-orders export, they need the bearer
 * token, which a plain link cannot carry (the session's cookie only refreshes tokens), so the
 * file is fetched through the client and handed to the browser as a blob.
 */
export async function downloadPackingFile(
  collective: string,
  dropId: string,
  file: PackingFile,
  scope: PackingScope,
): Promise<void> {
  const result = await fetchPackingFile(collective, dropId, file, scope);
  if (!result.response.ok || !(result.data instanceof Blob)) {
    throw ApiError.from(result.response.status, result.error);
  }
  saveBlob(result.data, file.replace('.', `-${dropId}.`));
}
