import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail. No foreign keys: an entry must outlive or outlast any change to the user,
 * collective or row it names, and must never block or cascade from their deletion.
 *
 * Append-only is enforced here rather than by convention: a trigger refuses UPDATE, DELETE and
 * TRUNCATE for every role, so neither a bug nor a stray script can rewrite history. An operator
 * who must prune (retention, erasure) disables the trigger deliberately as the table owner.
 *
 * Indexes serve the two listings, newest first with `id` as the tie-breaker of the keyset:
 * one collective's trail, and the whole platform's; plus the history of one target.
 */
export class AuditEvents1764210000000 implements MigrationInterface {
  name = 'AuditEvents1764210000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "audit_events" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "actor_user_id" uuid,
        "request_id" character varying(128),
        "action" character varying(64) NOT NULL,
        "target_type" character varying(32) NOT NULL,
        "target_id" character varying(64) NOT NULL,
        "collective_id" uuid,
        "before" jsonb,
        "after" jsonb,
        CONSTRAINT "PK_audit_events" PRIMARY KEY ("id")
      )`);
    await db.query(
      `CREATE INDEX "IDX_audit_events_time" ON "audit_events" ("occurred_at" DESC, "id" DESC)`,
    );
    await db.query(
      `CREATE INDEX "IDX_audit_events_collective_time"
         ON "audit_events" ("collective_id", "occurred_at" DESC, "id" DESC)`,
    );
    await db.query(
      `CREATE INDEX "IDX_audit_events_target_time"
         ON "audit_events" ("target_type", "target_id", "occurred_at" DESC, "id" DESC)`,
    );
    await db.query(`
      CREATE FUNCTION "audit_events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
          USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER "audit_events_append_only"
        BEFORE UPDATE OR DELETE ON "audit_events"
        FOR EACH ROW EXECUTE FUNCTION "audit_events_refuse_change"()`);
    await db.query(`
      CREATE TRIGGER "audit_events_no_truncate"
        BEFORE TRUNCATE ON "audit_events"
        FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_refuse_change"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "audit_events"`);
    await db.query(`DROP FUNCTION "audit_events_refuse_change"()`);
  }
}
