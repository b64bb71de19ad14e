import { MigrationInterface, QueryRunner } from 'typeorm';

/** Holds, per-fan units per drop, and the append-only inventory ledger. */
export class Inventory1764260000000 implements MigrationInterface {
  name = 'Inventory1764260000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "holds" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "drop_id" uuid NOT NULL,
        "variant_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "quantity" integer NOT NULL,
        "status" character varying(16) NOT NULL DEFAULT 'active',
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "idempotency_key" character varying(128) NOT NULL,
        "request_hash" character(64) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "ended_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "CHK_holds_status" CHECK ("status" IN ('active', 'converted', 'expired', 'released')),
        CONSTRAINT "CHK_holds_quantity" CHECK ("quantity" > 0),
        CONSTRAINT "UQ_holds_idempotency" UNIQUE ("user_id", "drop_id", "idempotency_key"),
        CONSTRAINT "PK_holds" PRIMARY KEY ("id"),
        CONSTRAINT "FK_holds_drop_line" FOREIGN KEY ("drop_id", "variant_id")
          REFERENCES "drop_lines"("drop_id", "variant_id") ON DELETE RESTRICT
      )`);
    await db.query(
      `CREATE INDEX "IDX_holds_active_expiry" ON "holds" ("expires_at") WHERE "status" = 'active'`,
    );
    await db.query(`CREATE INDEX "IDX_holds_drop_user" ON "holds" ("drop_id", "user_id")`);
    await db.query(`
      CREATE TABLE "drop_fan_units" (
        "drop_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "units" integer NOT NULL,
        CONSTRAINT "CHK_drop_fan_units_units" CHECK ("units" >= 0),
        CONSTRAINT "PK_drop_fan_units" PRIMARY KEY ("drop_id", "user_id")
      )`);
    await db.query(`
      CREATE TABLE "inventory_movements" (
        "id" BIGSERIAL NOT NULL,
        "drop_id" uuid NOT NULL,
        "variant_id" uuid NOT NULL,
        "hold_id" uuid,
        "kind" character varying(16) NOT NULL,
        "quantity" integer NOT NULL,
        "actor_user_id" uuid,
        "reason" character varying(200) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_inventory_movements_kind" CHECK ("kind" IN ('hold', 'release', 'expire', 'sell', 'refund', 'adjust')),
        CONSTRAINT "CHK_inventory_movements_quantity" CHECK ("quantity" <> 0),
        CONSTRAINT "PK_inventory_movements" PRIMARY KEY ("id")
      )`);
    await db.query(
      `CREATE INDEX "IDX_inventory_movements_drop" ON "inventory_movements" ("drop_id", "variant_id")`,
    );
    await db.query(
      `CREATE INDEX "IDX_inventory_movements_hold" ON "inventory_movements" ("hold_id")`,
    );
    // The ledger is history: corrections are new `adjust` rows, never edits.
    await db.query(`
      CREATE FUNCTION "inventory_movements_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'inventory_movements is append-only (% refused)', TG_OP;
      END $$`);
    await db.query(`
      CREATE TRIGGER "TRG_inventory_movements_append_only"
        BEFORE UPDATE OR DELETE OR TRUNCATE ON "inventory_movements"
        FOR EACH STATEMENT EXECUTE FUNCTION "inventory_movements_append_only"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "inventory_movements"`);
    await db.query(`DROP FUNCTION "inventory_movements_append_only"()`);
    await db.query(`DROP TABLE "drop_fan_units"`);
    await db.query(`DROP TABLE "holds"`);
  }
}
