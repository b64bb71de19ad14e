import { GARMENT } from './garment.kind';
import type { ItemKind } from './item-kind';
import { VINYL } from './vinyl.kind';

/** The one list of kinds. A new kind (a print, a zine) is one file and one line here. */
export const ITEM_KINDS = {
  garment: GARMENT,
  vinyl: VINYL,
} as const satisfies Record<string, ItemKind>;

export type ItemKindName = keyof typeof ITEM_KINDS;

export const ITEM_KIND_NAMES = Object.keys(ITEM_KINDS) as ItemKindName[];

export function isItemKindName(name: string): name is ItemKindName {
  return Object.prototype.hasOwnProperty.call(ITEM_KINDS, name);
}
