import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments that do not match their order are refunded with their own reason; signed webhook
 * bodies that are not events are kept for inspection (never processed); a gate rebuild reads
 * a drop's counted holds through an index as small as the drop; a drawn fairness proof is
 * stored once as the compressed file fans download.
 */
export class HostileTrafficHardening1764310000000 implements MigrationInterface {
  name = 'HostileTrafficHardening1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX "IDX_holds_drop_counted" ON "holds" ("drop_id") WHERE "status" IN ('active', 'converted')`,
    );
    await db.query(`ALTER TABLE "orders" DROP CONSTRAINT "CHK_orders_refund_reason"`);
    await db.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "CHK_orders_refund_reason" CHECK ("refund_reason" IS NULL OR "refund_reason" IN ('units_gone', 'collective', 'provider', 'drop_cancelled', 'payment_mismatch'))`,
    );
    await db.query(`
      CREATE TABLE "rejected_webhooks" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "reason" character varying(500) NOT NULL,
        "body_bytes" integer NOT NULL,
        "body" bytea NOT NULL,
        CONSTRAINT "PK_rejected_webhooks" PRIMARY KEY ("id")
      )`);
    await db.query(`
      CREATE TABLE "fairness_proof_files" (
        "drop_id" uuid NOT NULL,
        "body_gzip" bytea NOT NULL,
        "body_bytes" integer NOT NULL,
        "etag" character(64) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_fairness_proof_files" PRIMARY KEY ("drop_id"),
        CONSTRAINT "FK_fairness_proof_files_drop" FOREIGN KEY ("drop_id")
          REFERENCES "drops"("id") ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "fairness_proof_files"`);
    await db.query(`DROP INDEX "IDX_holds_drop_counted"`);
    await db.query(`DROP TABLE "rejected_webhooks"`);
    await db.query(`ALTER TABLE "orders" DROP CONSTRAINT "CHK_orders_refund_reason"`);
    await db.query(
      `UPDATE "orders" SET "refund_reason" = 'units_gone' WHERE "refund_reason" = 'payment_mismatch'`,
    );
    await db.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "CHK_orders_refund_reason" CHECK ("refund_reason" IS NULL OR "refund_reason" IN ('units_gone', 'collective', 'provider', 'drop_cancelled'))`,
    );
  }
}
