import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type Anomaly = components['schemas']['AnomalyResponse'];
export type AnomalyKind = Anomaly['kind'];
export type AnomalyStatus = Anomaly['status'];
export interface AnomalyFilters {
  status?: AnomalyStatus;
  kind?: AnomalyKind;
  dropId?: string;
  collectiveId?: string;
}

export const ANOMALY_PAGE_SIZE = 25;
/** The navigation counts open anomalies up to this many, then says "99+". */
export const OPEN_COUNT_CAP = 99;

export const ANOMALY_KIND_LABELS: Record<AnomalyKind, string> = {
  reconciliation_shortfall: 'Gate short of Postgres',
  reconciliation_excess: 'Gate ahead of Postgres',
  refund_failed: 'Refund failed',
  dispute_opened: 'Dispute opened',
  job_failed: 'Job failed',
  mail_failed: 'Mail failed',
  drop_overdue: 'Drop past its end',
  hold_overdue: 'Hold past expiry',
  payment_mismatch: 'Payment mismatch',
};

/**
 * The stream's `anomaly` frames refresh these queries at once; this re-read is the safety net
 * for a frame that never came (a reconnect, a process that could not publish).
 */
const ANOMALY_REFRESH_MS = 10_000;

export const anomalyKeys = {
  all: ['admin', 'anomalies'] as const,
  page: (filters: AnomalyFilters, before: string | undefined) =>
    ['admin', 'anomalies', 'page', filters, before ?? null] as const,
  openCount: ['admin', 'anomalies', 'open-count'] as const,
};

export function useAnomalies(filters: AnomalyFilters, before: string | undefined) {
  return useQuery({
    queryKey: anomalyKeys.page(filters, before),
    placeholderData: keepPreviousData,
    refetchInterval: ANOMALY_REFRESH_MS,
    queryFn: async () =>
      unwrap(
        await api.GET('/admin/anomalies', {
          params: { query: { ...filters, before, limit: ANOMALY_PAGE_SIZE } },
        }),
      ),
  });
}

/**
 * How many anomalies are open, for the navigation. The monitor's stream invalidates this key
 * when an anomaly is raised or changes, so the count moves without a reload.
 */
export function useOpenAnomalyCount() {
  return useQuery({
    queryKey: anomalyKeys.openCount,
    refetchInterval: ANOMALY_REFRESH_MS,
    queryFn: async () => {
      const page = unwrap(
        await api.GET('/admin/anomalies', {
          params: { query: { status: 'open', limit: OPEN_COUNT_CAP + 1 } },
        }),
      );
      return page.anomalies.length;
    },
  });
}

export function useAcknowledgeAnomaly() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (anomalyId: string) =>
      unwrap(
        await api.POST('/admin/anomalies/{anomaly}/acknowledge', {
          params: { path: { anomaly: anomalyId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: anomalyKeys.all }),
  });
}

export function useResolveAnomaly() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ anomalyId, note }: { anomalyId: string; note: string }) =>
      unwrap(
        await api.POST('/admin/anomalies/{anomaly}/resolve', {
          params: { path: { anomaly: anomalyId } },
          body: note ? { note } : {},
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: anomalyKeys.all }),
  });
}
