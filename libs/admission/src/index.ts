// Admission: who may hold a drop's units, and when (waitlists and their early access and
// second-chance priority, the waiting room), and the fairness proofs of the draws that order
// fans. Below the inventory library, which consults the two policies on the hot path.
export * from './admission-http.module';
export * from './admission-worker.module';
export * from './admission.errors';
export * from './admission.module';
export * from './fairness/fairness.service';
export * from './policies/early-access.policy';
export * from './room/admission.policy';
export * from './room/admission-tokens';
export * from './room/room-opener';
export * from './room/room-ticker';
export * from './room/waiting-room';
export { lockDrop } from './sql';
export * from './waitlist/waitlist-offers';
export * from './waitlist/waitlist.service';
export * from './waitlist-scheduler';
export * from './waitlist.queue';
