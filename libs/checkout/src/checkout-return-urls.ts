import type { PlatformConfig } from '@limited-run/platform';

/**
 * Where Stripe's payment page sends the fan back to: the browser app's success and cancel pages
 * unless configured otherwise. The cancel page learns which order it is about from `order`,
 * since Stripe fills `{CHECKOUT_SESSION_ID}` in only on the success URL.
 */
export function checkoutReturnUrls(
  config: PlatformConfig,
  orderId: string,
): { successUrl: string; cancelUrl: string } {
  const successUrl =
    config.get('CHECKOUT_SUCCESS_URL') ??
    config.webUrl('/checkout/success?session_id={CHECKOUT_SESSION_ID}');
  const cancel = new URL(config.get('CHECKOUT_CANCEL_URL') ?? config.webUrl('/checkout/cancelled'));
  cancel.searchParams.set('order', orderId);
  return { successUrl, cancelUrl: cancel.toString() };
}
