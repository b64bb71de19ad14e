import { canonical, parseFormParams } from './form-params';

describe("the stand-in reads Stripe's form encoding back", () => {
  it('rebuilds nested objects and indexed arrays', () => {
    const body = [
      'mode=payment',
      'line_items[0][quantity]=2',
      'line_items[0][price_data][currency]=eur',
      'line_items[0][price_data][product_data][name]=Afterhours+LP%2C+black',
      'line_items[1][quantity]=1',
      'metadata[holdId]=h-1',
      'allowed_payment_method_types[0]=card',
      'allowed_payment_method_types[1]=link',
    ].join('&');
    expect(parseFormParams(body)).toEqual({
      mode: 'payment',
      line_items: [
        {
          quantity: '2',
          price_data: { currency: 'eur', product_data: { name: 'Afterhours LP, black' } },
        },
        { quantity: '1' },
      ],
      metadata: { holdId: 'h-1' },
      allowed_payment_method_types: ['card', 'link'],
    });
  });

  it('compares parameters regardless of key order', () => {
    expect(canonical(parseFormParams('a=1&b[x]=2&b[y]=3'))).toBe(
      canonical(parseFormParams('b[y]=3&a=1&b[x]=2')),
    );
    expect(canonical(parseFormParams('a=1'))).not.toBe(canonical(parseFormParams('a=2')));
  });
});
