import { MigrationInterface, QueryRunner } from 'typeorm';

/** Anomalies for admins, each raised once by its natural key and alerted once (issue 15). */
export class Anomalies1764370000000 implements MigrationInterface {
  name = 'Anomalies1764370000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "anomalies" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" character varying(32) NOT NULL,
        "key" character varying(200) NOT NULL,
        "status" character varying(16) NOT NULL DEFAULT 'open',
        "subject_type" character varying(32) NOT NULL,
        "subject_id" character varying(120) NOT NULL,
        "collective_id" uuid,
        "drop_id" uuid,
        "summary" character varying(300) NOT NULL,
        "details" jsonb NOT NULL DEFAULT '{}',
        "occurrences" integer NOT NULL DEFAULT 1,
        "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "alerted_at" TIMESTAMP WITH TIME ZONE,
        "acknowledged_at" TIMESTAMP WITH TIME ZONE,
        "acknowledged_by" uuid,
        "resolved_at" TIMESTAMP WITH TIME ZONE,
        "resolved_by" uuid,
        "resolution_note" character varying(500),
        CONSTRAINT "PK_anomalies" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_anomalies_key" UNIQUE ("key"),
        CONSTRAINT "CHK_anomalies_kind" CHECK ("kind" IN ('reconciliation_shortfall', 'reconciliation_excess', 'refund_failed', 'dispute_opened', 'job_failed', 'mail_failed', 'drop_overdue', 'hold_overdue', 'payment_mismatch')),
        CONSTRAINT "CHK_anomalies_status" CHECK ("status" IN ('open', 'acknowledged', 'resolved'))
      )`);
    await db.query(`CREATE INDEX "IDX_anomalies_listing" ON "anomalies" ("raised_at")`);
    // The monitor's figures read these by time and by state, never by scanning history.
    await db.query(
      `CREATE INDEX "IDX_inventory_movements_drop_time" ON "inventory_movements" ("drop_id", "created_at")`,
    );
    await db.query(
      `CREATE INDEX "IDX_payment_events_received" ON "payment_events" ("received_at")`,
    );
    await db.query(`CREATE INDEX "IDX_orders_status" ON "orders" ("status")`);
    await db.query(
      `CREATE INDEX "IDX_notifications_failed" ON "notifications" ("created_at") WHERE "status" = 'failed'`,
    );
    await db.query(
      `CREATE INDEX "IDX_anomalies_unalerted" ON "anomalies" ("raised_at") WHERE "alerted_at" IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "IDX_notifications_failed"`);
    await db.query(`DROP INDEX "IDX_orders_status"`);
    await db.query(`DROP INDEX "IDX_payment_events_received"`);
    await db.query(`DROP INDEX "IDX_inventory_movements_drop_time"`);
    await db.query(`DROP TABLE "anomalies"`);
  }
}
