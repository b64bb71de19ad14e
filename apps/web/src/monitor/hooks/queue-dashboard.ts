import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';

/** Where the API serves Bull Board; it reads its ticket from a cookie scoped to this path. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Opens the queue dashboard: a page the browser opens by navigation cannot carry the in-memory
 * access token, so this trades it for the dashboard's ticket cookie first, then navigates (in
 * this tab: a new tab opened after an await is a popup the browser may block).
 */
export function useOpenQueueDashboard() {
  return useMutation({
    mutationFn: async () => {
      unwrap(await api.POST('/admin/queues/session'));
    },
    onSuccess: () => window.location.assign(QUEUE_DASHBOARD_PATH),
  });
}
