import { decideFulfilment } from './fulfilment-rules';

const none = { carrier: null, trackingNumber: null, trackingUrl: null };
const tracked = { carrier: 'CTT', trackingNumber: 'RR1', trackingUrl: 'https://t.example/RR1' };

describe('fulfilment moves', () => {
  it('moves forward, delivered only after shipped', () => {
    expect(decideFulfilment('unfulfilled', 'packed', none, none).kind).toBe('move');
    expect(decideFulfilment('unfulfilled', 'shipped', none, tracked).kind).toBe('move');
    expect(decideFulfilment('packed', 'shipped', none, tracked).kind).toBe('move');
    expect(decideFulfilment('shipped', 'delivered', tracked, none).kind).toBe('move');
    expect(decideFulfilment('unfulfilled', 'delivered', none, none).kind).toBe('refused');
    expect(decideFulfilment('packed', 'delivered', none, none).kind).toBe('refused');
  });

  it('never moves back, nor out of returned', () => {
    expect(decideFulfilment('shipped', 'packed', tracked, none).kind).toBe('refused');
    expect(decideFulfilment('delivered', 'shipped', tracked, tracked).kind).toBe('refused');
    expect(decideFulfilment('returned', 'shipped', tracked, tracked).kind).toBe('refused');
  });

  it('leaves a retried request alone, but refuses other tracking for a shipped order', () => {
    expect(decideFulfilment('shipped', 'shipped', tracked, tracked).kind).toBe('unchanged');
    expect(
      decideFulfilment('shipped', 'shipped', tracked, { ...none, trackingNumber: 'RR1' }).kind,
    ).toBe('unchanged');
    expect(
      decideFulfilment('shipped', 'shipped', tracked, { ...tracked, trackingNumber: 'RR2' }).kind,
    ).toBe('refused');
    expect(decideFulfilment('packed', 'packed', none, none).kind).toBe('unchanged');
  });
});
