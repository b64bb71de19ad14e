import { Variant } from '@limited-run/catalog';
import { Collective } from '@limited-run/collectives';
import { Drop } from '@limited-run/drops';
import { Hold } from '@limited-run/inventory';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export const ORDER_STATUSES = [
  'awaiting_payment',
  'awaiting_async_payment',
  'paid',
  'payment_failed',
  'expired',
  'refund_pending',
  'refunded',
  'refund_failed',
  'disputed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Where the parcel stands; moves only forward (docs/shipping.md). */
export const FULFILMENT_STATUSES = [
  'unfulfilled',
  'packed',
  'shipped',
  'delivered',
  'returned',
] as const;
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

/** One option offered at checkout, as priced for this order; `rateId` is Stripe's once known. */
export interface OfferedShippingOption {
  key: string;
  zoneName: string;
  rateName: string;
  displayName: string;
  countries: string[];
  amountMinor: number;
  rateId: string | null;
}

/** What checkout offered, fixed when the order is made so every retry sends the same. */
export interface ShippingOffer {
  profileId: string;
  allowedCountries: string[];
  automaticTax: boolean;
  options: OfferedShippingOption[];
}

export interface ShippingAddress {
  name: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  postalCode: string | null;
  state: string | null;
  country: string;
}

export const REFUND_REASONS = [
  'units_gone',
  'collective',
  'provider',
  'drop_cancelled',
  'payment_mismatch',
] as const;
/**
 * `units_gone`: paid after the hold ended and nothing was left; `provider`: refunded at Stripe;
 * `drop_cancelled`: paid after the collective cancelled the drop; `payment_mismatch`: the
 * payment's amount or currency was not the order's, so it never paid it.
 */
export type RefundReason = (typeof REFUND_REASONS)[number];

/**
 * The purchase of one hold: what the fan pays (taken from the drop line, never from the client),
 * and where the payment stands. `status` changes only through `applyOrderTransition`.
 */
@Entity({ name: 'orders' })
@Unique('UQ_orders_hold', ['holdId'])
@Unique('UQ_orders_stripe_session', ['stripeSessionId'])
@Index('IDX_orders_user', ['userId', 'createdAt'])
@Index('IDX_orders_collective', ['collectiveId', 'createdAt'])
@Index('IDX_orders_payment_intent', ['stripePaymentIntentId'])
@Index('IDX_orders_refund_pending', ['updatedAt'], { where: `"status" = 'refund_pending'` })
// The monitor and the anomaly watch count and find orders in the states that need people.
@Index('IDX_orders_status', ['status'])
@Check(
  'CHK_orders_status',
  `"status" IN ('awaiting_payment', 'awaiting_async_payment', 'paid', 'payment_failed', 'expired', 'refund_pending', 'refunded', 'refund_failed', 'disputed')`,
)
@Check(
  'CHK_orders_amount',
  `"quantity" > 0 AND "unit_price_minor" >= 0 AND "amount_minor" = "unit_price_minor" * "quantity"`,
)
@Check('CHK_orders_currency', `"currency" ~ '^[A-Z]{3}$'`)
@Check(
  'CHK_orders_fulfilment_status',
  `"fulfilment_status" IN ('unfulfilled', 'packed', 'shipped', 'delivered', 'returned')`,
)
@Check(
  'CHK_orders_shipping_amounts',
  `("shipping_minor" IS NULL OR "shipping_minor" >= 0) AND ("tax_minor" IS NULL OR "tax_minor" >= 0)`,
)
@Check(
  'CHK_orders_shipped_tracking',
  `"fulfilment_status" NOT IN ('shipped', 'delivered') OR "tracking_number" IS NOT NULL`,
)
@Index('IDX_orders_drop_fulfilment', ['dropId', 'fulfilmentStatus'], { where: `"status" = 'paid'` })
@Check(
  'CHK_orders_refund_reason',
  `"refund_reason" IS NULL OR "refund_reason" IN ('units_gone', 'collective', 'provider', 'drop_cancelled', 'payment_mismatch')`,
)
@Check(
  'CHK_orders_payment',
  `"status" IN ('awaiting_payment', 'awaiting_async_payment', 'payment_failed', 'expired') OR "stripe_payment_intent_id" IS NOT NULL`,
)
export class Order {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_orders' })
  id: string;

  @Column({ type: 'uuid' })
  holdId: string;

  @ManyToOne(() => Hold, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hold_id', foreignKeyConstraintName: 'FK_orders_hold' })
  hold?: Hold;

  /** The fan. No foreign key, as on holds: users are suspended, never deleted. */
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'uuid' })
  collectiveId: string;

  @ManyToOne(() => Collective, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'collective_id', foreignKeyConstraintName: 'FK_orders_collective' })
  collective?: Collective;

  @Column({ type: 'uuid' })
  dropId: string;

  @ManyToOne(() => Drop, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_orders_drop' })
  drop?: Drop;

  @Column({ type: 'uuid' })
  variantId: string;

  @ManyToOne(() => Variant, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'variant_id', foreignKeyConstraintName: 'FK_orders_variant' })
  variant?: Variant;

  @Column({ type: 'integer' })
  quantity: number;

  /** The drop line's price when the order was made; integer minor units. */
  @Column({ type: 'integer' })
  unitPriceMinor: number;

  @Column({ type: 'integer' })
  amountMinor: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 24, default: 'awaiting_payment' })
  status: OrderStatus;

  /**
   * The Checkout Session's `expires_at`, computed once when the order is made (from the hold,
   * at least 35 minutes ahead), so every retry sends Stripe identical parameters.
   */
  @Column({ type: 'timestamptz' })
  sessionExpiresAt: Date;

  @Column({ type: 'varchar', length: 255, nullable: true })
  stripeSessionId: string | null;

  @Column({ type: 'text', nullable: true })
  checkoutUrl: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  stripePaymentIntentId: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  stripeRefundId: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  refundReason: RefundReason | null;

  /** A collective's refund may put the units back on sale; decided when it is requested. */
  @Column({ type: 'boolean', default: false })
  refundReturnsUnits: boolean;

  @Column({ type: 'uuid', nullable: true })
  refundRequestedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  refundedAt: Date | null;

  /** Null for an order of a drop without a shipping profile (nothing was collected). */
  @Column({ type: 'jsonb', nullable: true })
  shippingOffer: ShippingOffer | null;

  @Column({ type: 'jsonb', nullable: true })
  shippingAddress: ShippingAddress | null;

  @Column({ type: 'char', length: 2, nullable: true })
  shippingCountry: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  shippingZoneName: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  shippingRateName: string | null;

  /** What the fan paid for shipping; integer minor units. */
  @Column({ type: 'integer', nullable: true })
  shippingMinor: number | null;

  /** Tax Stripe added (Stripe Tax on); 0 when it is off. */
  @Column({ type: 'integer', nullable: true })
  taxMinor: number | null;

  /** Everything the fan paid: goods + shipping + tax. */
  @Column({ type: 'integer', nullable: true })
  totalMinor: number | null;

  /** The item's expected ship date when the order was made: not shippable before it. */
  @Column({ type: 'date', nullable: true })
  expectedShipDate: string | null;

  @Column({ type: 'varchar', length: 12, default: 'unfulfilled' })
  fulfilmentStatus: FulfilmentStatus;

  @Column({ type: 'varchar', length: 60, nullable: true })
  carrier: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  trackingNumber: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  trackingUrl: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  packedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  shippedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null;
}
