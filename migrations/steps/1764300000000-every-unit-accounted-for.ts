import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every unit accounted for (issue 11). A drop line gives its unsold units back to the edition
 * when the drop ends: `quantity_allocated` shrinks by what went back (so an edition's
 * `allocated` stays the sum of its lines, and a line of a cancelled drop that sold nothing
 * holds 0), `returned_to_edition` keeps the count, and the ledger records each return as a
 * `return` movement. Raffle and waitlist entries of a cancelled drop end as `cancelled`; a
 * refund of a cancelled drop's late payment says so.
 */
export class EveryUnitAccountedFor1764300000000 implements MigrationInterface {
  name = 'EveryUnitAccountedFor1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "drop_lines" DROP CONSTRAINT "CHK_drop_lines_quantity"`);
    await db.query(
      `ALTER TABLE "drop_lines" ADD CONSTRAINT "CHK_drop_lines_quantity" CHECK ("quantity_allocated" >= 0)`,
    );
    await db.query(
      `ALTER TABLE "drop_lines" ADD "returned_to_edition" integer NOT NULL DEFAULT 0`,
    );
    await db.query(
      `ALTER TABLE "drop_lines" ADD CONSTRAINT "CHK_drop_lines_returned" CHECK ("returned_to_edition" >= 0)`,
    );
    await db.query(
      `ALTER TABLE "inventory_movements" DROP CONSTRAINT "CHK_inventory_movements_kind"`,
    );
    await db.query(
      `ALTER TABLE "inventory_movements" ADD CONSTRAINT "CHK_inventory_movements_kind" CHECK ("kind" IN ('hold', 'release', 'expire', 'sell', 'refund', 'adjust', 'return'))`,
    );
    await db.query(`ALTER TABLE "raffle_entries" DROP CONSTRAINT "CHK_raffle_entries_status"`);
    await db.query(`ALTER TABLE "raffle_entries" DROP CONSTRAINT "CHK_raffle_entries_rank"`);
    await db.query(`ALTER TABLE "raffle_entries" DROP CONSTRAINT "CHK_raffle_entries_hold"`);
    await db.query(
      `ALTER TABLE "raffle_entries" ADD CONSTRAINT "CHK_raffle_entries_status" CHECK ("status" IN ('entered', 'withdrawn', 'won', 'in_line', 'offered', 'claimed', 'lapsed', 'cancelled'))`,
    );
    await db.query(
      `ALTER TABLE "raffle_entries" ADD CONSTRAINT "CHK_raffle_entries_rank" CHECK (("status" = 'cancelled' OR ("rank" IS NULL) = ("status" IN ('entered', 'withdrawn'))) AND ("rank" IS NULL OR "rank" >= 1))`,
    );
    await db.query(
      `ALTER TABLE "raffle_entries" ADD CONSTRAINT "CHK_raffle_entries_hold" CHECK ("status" = 'cancelled' OR ("hold_id" IS NOT NULL) = ("status" IN ('won', 'offered', 'claimed', 'lapsed')))`,
    );
    await db.query(
      `ALTER TABLE "waitlist_entries" DROP CONSTRAINT "CHK_waitlist_entries_status"`,
    );
    await db.query(
      `ALTER TABLE "waitlist_entries" ADD CONSTRAINT "CHK_waitlist_entries_status" CHECK ("status" IN ('waiting', 'offered', 'passed', 'left', 'cancelled'))`,
    );
    await db.query(`ALTER TABLE "orders" DROP CONSTRAINT "CHK_orders_refund_reason"`);
    await db.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "CHK_orders_refund_reason" CHECK ("refund_reason" IS NULL OR "refund_reason" IN ('units_gone', 'collective', 'provider', 'drop_cancelled'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "orders" DROP CONSTRAINT "CHK_orders_refund_reason"`);
    await db.query(
      `UPDATE "orders" SET "refund_reason" = 'units_gone' WHERE "refund_reason" = 'drop_cancelled'`,
    );
    await db.query(
      `ALTER TABLE "orders" ADD CONSTRAINT "CHK_orders_refund_reason" CHECK ("refund_reason" IS NULL OR "refund_reason" IN ('units_gone', 'collective', 'provider'))`,
    );
    await db.query(
      `ALTER TABLE "waitlist_entries" DROP CONSTRAINT "CHK_waitlist_entries_status"`,
    );
    await db.query(`UPDATE "waitlist_entries" SET "status" = 'left' WHERE "status" = 'cancelled'`);
    await db.query(
      `ALTER TABLE "waitlist_entries" ADD CONSTRAINT "CHK_waitlist_entries_status" CHECK ("status" IN ('waiting', 'offered', 'passed', 'left'))`,
    );
    await db.query(`DELETE FROM "raffle_entries" WHERE "status" = 'cancelled'`);
    await db.query(`ALTER TABLE "raffle_entries" DROP CONSTRAINT "CHK_raffle_entries_hold"`);
    await db.query(`ALTER TABLE "raffle_entries" DROP CONSTRAINT "CHK_raffle_entries_rank"`);
    await db.query(`ALTER TABLE "raffle_entries" DROP CONSTRAINT "CHK_raffle_entries_status"`);
    await db.query(
      `ALTER TABLE "raffle_entries" ADD CONSTRAINT "CHK_raffle_entries_status" CHECK ("status" IN ('entered', 'withdrawn', 'won', 'in_line', 'offered', 'claimed', 'lapsed'))`,
    );
    await db.query(
      `ALTER TABLE "raffle_entries" ADD CONSTRAINT "CHK_raffle_entries_rank" CHECK (("rank" IS NULL) = ("status" IN ('entered', 'withdrawn')) AND ("rank" IS NULL OR "rank" >= 1))`,
    );
    await db.query(
      `ALTER TABLE "raffle_entries" ADD CONSTRAINT "CHK_raffle_entries_hold" CHECK (("hold_id" IS NOT NULL) = ("status" IN ('won', 'offered', 'claimed', 'lapsed')))`,
    );
    await db.query(`DELETE FROM "inventory_movements" WHERE "kind" = 'return'`);
    await db.query(
      `ALTER TABLE "inventory_movements" DROP CONSTRAINT "CHK_inventory_movements_kind"`,
    );
    await db.query(
      `ALTER TABLE "inventory_movements" ADD CONSTRAINT "CHK_inventory_movements_kind" CHECK ("kind" IN ('hold', 'release', 'expire', 'sell', 'refund', 'adjust'))`,
    );
    await db.query(`ALTER TABLE "drop_lines" DROP CONSTRAINT "CHK_drop_lines_returned"`);
    await db.query(
      `UPDATE "drop_lines" SET "quantity_allocated" = "quantity_allocated" + "returned_to_edition"`,
    );
    await db.query(`ALTER TABLE "drop_lines" DROP COLUMN "returned_to_edition"`);
    await db.query(`ALTER TABLE "drop_lines" DROP CONSTRAINT "CHK_drop_lines_quantity"`);
    await db.query(
      `ALTER TABLE "drop_lines" ADD CONSTRAINT "CHK_drop_lines_quantity" CHECK ("quantity_allocated" > 0)`,
    );
  }
}
