export * from './stand-in-store';
export * from './stripe-stand-in';
