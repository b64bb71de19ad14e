import type { PlatformConfig } from '@limited-run/platform';

/**
 * The fan's page of one order in the browser app (`/account/orders/:id`), where mails about the
 * order lead: it shows the address, the amounts and, once shipped, the tracking link.
 */
export function orderPageUrl(config: PlatformConfig, orderId: string): string {
  return config.webUrl(`/account/orders/${encodeURIComponent(orderId)}`);
}
