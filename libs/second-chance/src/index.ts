// Second chance: after a sellout, units that come back are offered to the waitlist in order,
// each as a hold. Above the inventory library, which grants the holds.
export * from './second-chance';
export * from './second-chance.module';
