import type { Hold, HoldStatus } from './hold.entity';

/** A hold as its fan sees it. */
export interface HoldView {
  holdId: string;
  dropId: string;
  variantId: string;
  quantity: number;
  status: HoldStatus;
  expiresAt: string;
  createdAt: string;
}

export const holdView = (hold: Hold): HoldView => ({
  holdId: hold.id,
  dropId: hold.dropId,
  variantId: hold.variantId,
  quantity: hold.quantity,
  status: hold.status,
  expiresAt: new Date(hold.expiresAt).toISOString(),
  createdAt: new Date(hold.createdAt).toISOString(),
});
