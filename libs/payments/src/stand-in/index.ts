export * from './stand-in-store';
export * from './stripe-stand-in';
export * from './stand-in-shipping';
