import type { PlatformConfig } from '@limited-run/platform';

/**
 * The fan's page of one order in the browser app (`/account/orders/:id`), where mails about the
 * order lead: it shows the address, the amounts and, once shipped, the tracking link.
 */
export function orderPageUrl(config: PlatformConfig, orderId: string): string {
  const web = config.get('PUBLIC_WEB_URL').replace(/\/+$/, '');
  return `${web}/account/orders/${encodeURIComponent(orderId)}`;
}
