/** A class-validator class describing one JSON attributes object. */
export type AttributesClass = new () => object;

/**
 * Everything that differs between kinds of limited-run item, which is only what their
 * attributes look like. Items of every kind share one table, one set of routes and one drop
 * and inventory path; adding a kind is a file like `garment.kind.ts` and a registry line.
 */
export interface ItemKind {
  readonly name: string;
  readonly description: string;
  /** Attributes shared by every variant of the item (a record's format and speed). */
  readonly itemAttributes: AttributesClass;
  /** Attributes that tell the item's variants apart (a garment's size, a pressing's colourway). */
  readonly variantAttributes: AttributesClass;
  /** Valid examples, shown in the OpenAPI document and used by the registry's self-test. */
  readonly examples: { readonly item: object; readonly variant: object };
}
