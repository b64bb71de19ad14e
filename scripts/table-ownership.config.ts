// Who owns which table, and the crossings that exist today. Read by check-table-ownership.ts.

/** A use of a table from a library (or app) that does not own it, tolerated until paid down. */
export interface TableDebt {
  file: string;
  table: string;
  /** How many uses the file has today; the check fails on more and asks to lower it on fewer. */
  uses: number;
  reason: string;
}

/**
 * Every table the migrations create, mapped to the library whose entity or repository writes
 * it. A new table fails the check until it is added here (docs/architecture.md explains how to
 * choose: the context whose rules decide what a row means owns it).
 */
export const TABLE_OWNERS: Readonly<Record<string, string>> = {
  // identity: who someone is and how they sign in
  users: 'identity',
  auth_sessions: 'identity',
  refresh_tokens: 'identity',
  password_reset_tokens: 'identity',
  setup_tokens: 'identity',
  // collectives: the sellers and their teams
  collectives: 'collectives',
  collective_memberships: 'collectives',
  collective_invites: 'collectives',
  // audit: the append-only record of actions on money, stock and access
  audit_events: 'audit',
  // notifications: the outbox of messages to fans
  notifications: 'notifications',
  // catalog: items and their variants (editions)
  items: 'catalog',
  variants: 'catalog',
  item_images: 'catalog',
  // ledger: the append-only record of every movement of units (below drops and inventory, which
  // both write it through its one insert)
  inventory_movements: 'ledger',
  // drops: what is released when, and how much of each variant
  drops: 'drops',
  drop_lines: 'drops',
  // inventory: holds and per-fan units (the two gates of the hot path)
  holds: 'inventory',
  drop_fan_units: 'inventory',
  // admission: who may hold and when (waitlists, the waiting room) and the proofs of the draws
  // that order fans (the room's pre-queue and raffles)
  waitlist_entries: 'admission',
  waitlist_second_chances: 'admission',
  drop_fairness: 'admission',
  fairness_proof_files: 'admission',
  fairness_proof_pages: 'admission',
  // raffles: entries, their draw and pass-down (above inventory: it grants holds)
  raffle_entries: 'raffles',
  // payments: the provider's webhook inbox
  payment_events: 'payments',
  rejected_webhooks: 'payments',
  // checkout: orders and the serials a paid order carries
  orders: 'checkout',
  order_serials: 'checkout',
  // shipping: how a collective ships (zones, rates) and the profile each drop ships with; the
  // order's address, shipping amounts and fulfilment stay with checkout, which owns the order
  shipping_profiles: 'shipping',
  drop_shipping_profiles: 'shipping',
  // anomalies: what went wrong, raised once, alerted once, acknowledged and resolved
  anomalies: 'anomalies',
};

/**
 * Crossings tolerated while they are paid down: a use of a table from a library that does not
 * own it, counted per file. None is left (issue 19 paid the last, catalog's deletions naming
 * the drops that use a variant, in December 2026); new code reads through the owner, never
 * through an entry here.
 */
export const TABLE_DEBT: readonly TableDebt[] = [];
