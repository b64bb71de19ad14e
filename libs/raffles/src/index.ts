// Raffles: entries, odds, the draw at the cutoff and the pass-down of units in drawn order.
// Above the inventory library: the draw and pass-down grant holds through `HoldGrants`.
export * from './drop-entries';
export * from './raffle-draw';
export * from './raffle-draw.module';
export * from './raffles-http.module';
export * from './raffles.module';
export * from './raffle-entry-counts';
