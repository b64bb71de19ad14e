import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shipping (issue 18): a collective's shipping profiles (zones of countries and their rates), the
 * profile a drop ships with, an item's expected ship date, and on the order what checkout
 * collected (address, chosen rate, amounts) and where its parcel stands (fulfilment).
 */
export class ShippingAndFulfilment1764400000000 implements MigrationInterface {
  name = 'ShippingAndFulfilment1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "shipping_profiles" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "collective_id" uuid NOT NULL,
        "name" character varying(80) NOT NULL,
        "currency" character(3) NOT NULL,
        "zones" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_shipping_profiles" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_shipping_profiles_name" UNIQUE ("collective_id", "name"),
        CONSTRAINT "CHK_shipping_profiles_currency" CHECK ("currency" ~ '^[A-Z]{3}$'),
        CONSTRAINT "CHK_shipping_profiles_zones" CHECK (jsonb_typeof("zones") = 'array'),
        CONSTRAINT "FK_shipping_profiles_collective" FOREIGN KEY ("collective_id")
          REFERENCES "collectives"("id") ON DELETE CASCADE
      )`);
    await db.query(`
      CREATE TABLE "drop_shipping_profiles" (
        "drop_id" uuid NOT NULL,
        "profile_id" uuid NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_drop_shipping_profiles" PRIMARY KEY ("drop_id"),
        CONSTRAINT "FK_drop_shipping_profiles_drop" FOREIGN KEY ("drop_id")
          REFERENCES "drops"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_drop_shipping_profiles_profile" FOREIGN KEY ("profile_id")
          REFERENCES "shipping_profiles"("id") ON DELETE RESTRICT
      )`);
    await db.query(
      `CREATE INDEX "IDX_drop_shipping_profiles_profile" ON "drop_shipping_profiles" ("profile_id")`,
    );
    await db.query(`ALTER TABLE "items" ADD "expected_ship_date" date`);
    await db.query(`
      ALTER TABLE "orders"
        ADD "shipping_offer" jsonb,
        ADD "shipping_address" jsonb,
        ADD "shipping_country" character(2),
        ADD "shipping_zone_name" character varying(80),
        ADD "shipping_rate_name" character varying(80),
        ADD "shipping_minor" integer,
        ADD "tax_minor" integer,
        ADD "total_minor" integer,
        ADD "expected_ship_date" date,
        ADD "fulfilment_status" character varying(12) NOT NULL DEFAULT 'unfulfilled',
        ADD "carrier" character varying(60),
        ADD "tracking_number" character varying(100),
        ADD "tracking_url" character varying(500),
        ADD "packed_at" TIMESTAMP WITH TIME ZONE,
        ADD "shipped_at" TIMESTAMP WITH TIME ZONE,
        ADD "delivered_at" TIMESTAMP WITH TIME ZONE,
        ADD "returned_at" TIMESTAMP WITH TIME ZONE,
        ADD CONSTRAINT "CHK_orders_fulfilment_status"
          CHECK ("fulfilment_status" IN ('unfulfilled', 'packed', 'shipped', 'delivered', 'returned')),
        ADD CONSTRAINT "CHK_orders_shipping_amounts"
          CHECK (("shipping_minor" IS NULL OR "shipping_minor" >= 0) AND ("tax_minor" IS NULL OR "tax_minor" >= 0)),
        ADD CONSTRAINT "CHK_orders_shipped_tracking"
          CHECK ("fulfilment_status" NOT IN ('shipped', 'delivered') OR "tracking_number" IS NOT NULL)`);
    await db.query(
      `CREATE INDEX "IDX_orders_drop_fulfilment" ON "orders" ("drop_id", "fulfilment_status") WHERE "status" = 'paid'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "IDX_orders_drop_fulfilment"`);
    await db.query(`
      ALTER TABLE "orders"
        DROP CONSTRAINT "CHK_orders_shipped_tracking",
        DROP CONSTRAINT "CHK_orders_shipping_amounts",
        DROP CONSTRAINT "CHK_orders_fulfilment_status",
        DROP COLUMN "returned_at", DROP COLUMN "delivered_at", DROP COLUMN "shipped_at",
        DROP COLUMN "packed_at", DROP COLUMN "tracking_url", DROP COLUMN "tracking_number",
        DROP COLUMN "carrier", DROP COLUMN "fulfilment_status", DROP COLUMN "expected_ship_date",
        DROP COLUMN "total_minor", DROP COLUMN "tax_minor", DROP COLUMN "shipping_minor",
        DROP COLUMN "shipping_rate_name", DROP COLUMN "shipping_zone_name",
        DROP COLUMN "shipping_country", DROP COLUMN "shipping_address", DROP COLUMN "shipping_offer"`);
    await db.query(`ALTER TABLE "items" DROP COLUMN "expected_ship_date"`);
    await db.query(`DROP TABLE "drop_shipping_profiles"`);
    await db.query(`DROP TABLE "shipping_profiles"`);
  }
}
