import { MigrationInterface, QueryRunner } from 'typeorm';

/** The payment-event inbox, orders (one per hold) and the serials of numbered editions. */
export class PaymentsAndOrders1764280000000 implements MigrationInterface {
  name = 'PaymentsAndOrders1764280000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "payment_events" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "event_id" character varying(255) NOT NULL,
        "type" character varying(100) NOT NULL,
        "payload" jsonb NOT NULL,
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "processed_at" TIMESTAMP WITH TIME ZONE,
        "outcome" character varying(64),
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        CONSTRAINT "UQ_payment_events_event_id" UNIQUE ("event_id"),
        CONSTRAINT "PK_payment_events" PRIMARY KEY ("id")
      )`);
    // The worker's sweep looks for exactly these rows.
    await db.query(
      `CREATE INDEX "IDX_payment_events_unprocessed" ON "payment_events" ("received_at") WHERE "processed_at" IS NULL`,
    );

    await db.query(`
      CREATE TABLE "orders" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "hold_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "collective_id" uuid NOT NULL,
        "drop_id" uuid NOT NULL,
        "variant_id" uuid NOT NULL,
        "quantity" integer NOT NULL,
        "unit_price_minor" integer NOT NULL,
        "amount_minor" integer NOT NULL,
        "currency" character(3) NOT NULL,
        "status" character varying(24) NOT NULL DEFAULT 'awaiting_payment',
        "session_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "stripe_session_id" character varying(255),
        "checkout_url" text,
        "stripe_payment_intent_id" character varying(255),
        "stripe_refund_id" character varying(255),
        "refund_reason" character varying(16),
        "refund_returns_units" boolean NOT NULL DEFAULT false,
        "refund_requested_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "paid_at" TIMESTAMP WITH TIME ZONE,
        "refunded_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "CHK_orders_status" CHECK ("status" IN ('awaiting_payment', 'awaiting_async_payment', 'paid', 'payment_failed', 'expired', 'refund_pending', 'refunded', 'refund_failed', 'disputed')),
        CONSTRAINT "CHK_orders_amount" CHECK ("quantity" > 0 AND "unit_price_minor" >= 0 AND "amount_minor" = "unit_price_minor" * "quantity"),
        CONSTRAINT "CHK_orders_currency" CHECK ("currency" ~ '^[A-Z]{3}$'),
        CONSTRAINT "CHK_orders_refund_reason" CHECK ("refund_reason" IS NULL OR "refund_reason" IN ('units_gone', 'collective', 'provider')),
        CONSTRAINT "CHK_orders_payment" CHECK ("status" IN ('awaiting_payment', 'awaiting_async_payment', 'payment_failed', 'expired') OR "stripe_payment_intent_id" IS NOT NULL),
        CONSTRAINT "UQ_orders_hold" UNIQUE ("hold_id"),
        CONSTRAINT "UQ_orders_stripe_session" UNIQUE ("stripe_session_id"),
        CONSTRAINT "PK_orders" PRIMARY KEY ("id"),
        CONSTRAINT "FK_orders_hold" FOREIGN KEY ("hold_id")
          REFERENCES "holds"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_orders_collective" FOREIGN KEY ("collective_id")
          REFERENCES "collectives"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_orders_drop" FOREIGN KEY ("drop_id")
          REFERENCES "drops"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_orders_variant" FOREIGN KEY ("variant_id")
          REFERENCES "variants"("id") ON DELETE RESTRICT
      )`);
    await db.query(`CREATE INDEX "IDX_orders_user" ON "orders" ("user_id", "created_at")`);
    await db.query(
      `CREATE INDEX "IDX_orders_collective" ON "orders" ("collective_id", "created_at")`,
    );
    await db.query(
      `CREATE INDEX "IDX_orders_payment_intent" ON "orders" ("stripe_payment_intent_id")`,
    );
    // The refund sweep looks for exactly these rows.
    await db.query(
      `CREATE INDEX "IDX_orders_refund_pending" ON "orders" ("updated_at") WHERE "status" = 'refund_pending'`,
    );

    await db.query(`
      CREATE TABLE "order_serials" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "order_id" uuid NOT NULL,
        "variant_id" uuid NOT NULL,
        "serial" integer NOT NULL,
        "edition_size" integer NOT NULL,
        "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "voided_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "CHK_order_serials_range" CHECK ("serial" >= 1 AND "serial" <= "edition_size"),
        CONSTRAINT "PK_order_serials" PRIMARY KEY ("id"),
        CONSTRAINT "FK_order_serials_order" FOREIGN KEY ("order_id")
          REFERENCES "orders"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_order_serials_variant" FOREIGN KEY ("variant_id")
          REFERENCES "variants"("id") ON DELETE RESTRICT
      )`);
    // One live owner per number of an edition; a refunded order's numbers are freed.
    await db.query(
      `CREATE UNIQUE INDEX "IDX_order_serials_live" ON "order_serials" ("variant_id", "serial") WHERE "voided_at" IS NULL`,
    );
    await db.query(`CREATE INDEX "IDX_order_serials_order" ON "order_serials" ("order_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "order_serials"`);
    await db.query(`DROP TABLE "orders"`);
    await db.query(`DROP TABLE "payment_events"`);
  }
}
