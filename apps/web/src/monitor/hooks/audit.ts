import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';

export type AuditEvent = components['schemas']['AuditEventResponse'];
export interface AuditFilters {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorUserId?: string;
  collectiveId?: string;
}

export const AUDIT_PAGE_SIZE = 25;

export const auditKeys = {
  all: ['admin', 'audit'] as const,
  page: (filters: AuditFilters, before: string | undefined) =>
    ['admin', 'audit', filters, before ?? null] as const,
};

/** One page of the platform's audit trail, newest first; `before` is the previous page's cursor. */
export function useAuditEvents(filters: AuditFilters, before: string | undefined) {
  return useQuery({
    queryKey: auditKeys.page(filters, before),
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET('/admin/audit', {
          params: { query: { ...filters, before, limit: AUDIT_PAGE_SIZE } },
        }),
      ),
  });
}
