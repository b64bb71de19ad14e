import { formatMoney, renderTemplate } from './templates';

describe('order mail templates', () => {
  const order = {
    displayName: 'Mo',
    orderId: 'o-1',
    dropName: 'Afterhours release night',
    itemTitle: 'Afterhours LP',
    variantLabel: 'Clear red',
    quantity: 2,
    amountMinor: 6400,
    currency: 'EUR',
  };

  it('formats integer minor units per currency', () => {
    expect(formatMoney(6400, 'EUR')).toBe('€64.00');
    // No minor unit in yen: 5000 minor units are 5,000 yen, not 50.00.
    expect(formatMoney(5000, 'JPY')).toMatch(/¥5,000$/);
  });

  it('confirms an order with its edition numbers', () => {
    const mail = renderTemplate('order-confirmation', {
      ...order,
      serials: ['#17 of 250', '#18 of 250'],
    });
    expect(mail.subject).toBe('Order confirmed: Afterhours LP');
    expect(mail.text).toContain('Afterhours LP (Clear red) × 2');
    expect(mail.text).toContain('Paid: €64.00');
    expect(mail.text).toContain('Edition numbers: #17 of 250, #18 of 250');
  });

  it('confirms a shipped order with goods, shipping, tax, the total paid, the address and its page', () => {
    const mail = renderTemplate('order-confirmation', {
      ...order,
      totalMinor: 7900,
      shippingMinor: 1500,
      shippingRateName: 'Express',
      taxMinor: 0,
      shipTo: 'Mo, 12 Rua do Norte, 1200-284 Lisboa, PT',
      serials: [],
      orderUrl: 'https://shop.example.com/account/orders/o-1',
    });
    expect(mail.text).toContain('Items: €64.00\n  Shipping (Express): €15.00\n  Tax: €0.00\n');
    expect(mail.text).toContain('Paid: €79.00');
    expect(mail.text).not.toContain('Paid: €64.00');
    expect(mail.text).toContain('Ships to: Mo, 12 Rua do Norte, 1200-284 Lisboa, PT');
    expect(mail.text).toContain('Follow your order: https://shop.example.com/account/orders/o-1');
    // An order without shipping (and a mail recorded before these fields) lists no breakdown.
    const plain = renderTemplate('order-confirmation', { ...order, serials: [] });
    expect(plain.text).not.toContain('Shipping');
    expect(plain.text).not.toContain('Follow your order');
  });

  it('refunds the total the fan paid, shipping and tax included', () => {
    const mail = renderTemplate('order-refunded', {
      ...order,
      totalMinor: 7900,
      reason: 'collective',
    });
    expect(mail.text).toContain('Refunded: €79.00');
  });

  it('tells the fan why they were refunded', () => {
    const gone = renderTemplate('order-refunded', { ...order, reason: 'units_gone' });
    expect(gone.text).toContain('every unit had been sold');
    expect(gone.text).toContain('Refunded: €64.00');
    const collective = renderTemplate('order-refunded', { ...order, reason: 'collective' });
    expect(collective.text).toContain('The collective refunded your order in full.');
  });

  it('tells the fan their order shipped, with the tracking link and the order page', () => {
    const mail = renderTemplate('order-shipped', {
      ...order,
      carrier: 'CTT',
      trackingNumber: 'RR123456789PT',
      trackingUrl: 'https://track.example.com/RR123456789PT',
      orderUrl: 'https://shop.example.com/account/orders/o-1',
    });
    expect(mail.subject).toBe('Shipped: Afterhours LP');
    expect(mail.text).toContain('Carrier: CTT');
    expect(mail.text).toContain('Track it: https://track.example.com/RR123456789PT');
    expect(mail.text).toContain(
      'Your order, with its tracking: https://shop.example.com/account/orders/o-1',
    );
    // A mail recorded before the order page existed still renders, without the line.
    const older = renderTemplate('order-shipped', { ...order, trackingNumber: 'RR1' });
    expect(older.text).not.toContain('Your order, with its tracking');
    expect(older.text).toContain('Carrier: see tracking');
  });
});
