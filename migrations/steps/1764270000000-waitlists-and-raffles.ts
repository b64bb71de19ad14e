import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Waitlists, raffle entries, the fairness record of a drop (seed, commitment, drawn order) and
 * the moment a drop's waitlist took over released units (second chance after a sellout).
 */
export class WaitlistsAndRaffles1764270000000 implements MigrationInterface {
  name = 'WaitlistsAndRaffles1764270000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "waitlist_entries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "drop_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "variant_id" uuid,
        "position" BIGSERIAL NOT NULL,
        "status" character varying(16) NOT NULL DEFAULT 'waiting',
        "offer_hold_id" uuid,
        "offered_at" TIMESTAMP WITH TIME ZONE,
        "notified_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_waitlist_entries_status" CHECK ("status" IN ('waiting', 'offered', 'passed', 'left')),
        CONSTRAINT "CHK_waitlist_entries_offer" CHECK (("status" = 'offered') = ("offer_hold_id" IS NOT NULL)),
        CONSTRAINT "UQ_waitlist_entries_drop_user" UNIQUE ("drop_id", "user_id"),
        CONSTRAINT "PK_waitlist_entries" PRIMARY KEY ("id"),
        CONSTRAINT "FK_waitlist_entries_drop" FOREIGN KEY ("drop_id")
          REFERENCES "drops"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_waitlist_entries_drop_line" FOREIGN KEY ("drop_id", "variant_id")
          REFERENCES "drop_lines"("drop_id", "variant_id") ON DELETE CASCADE
      )`);
    // Positions and second-chance offers walk the waiting fans of one drop in joining order.
    await db.query(
      `CREATE INDEX "IDX_waitlist_entries_waiting" ON "waitlist_entries" ("drop_id", "position") WHERE "status" = 'waiting'`,
    );
    // The worker's opening notices look for exactly these rows.
    await db.query(
      `CREATE INDEX "IDX_waitlist_entries_unnotified" ON "waitlist_entries" ("drop_id") WHERE "status" = 'waiting' AND "notified_at" IS NULL`,
    );
    await db.query(`
      CREATE TABLE "raffle_entries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "drop_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "variant_id" uuid NOT NULL,
        "status" character varying(16) NOT NULL DEFAULT 'entered',
        "rank" integer,
        "hold_id" uuid,
        "offered_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_raffle_entries_status" CHECK ("status" IN ('entered', 'withdrawn', 'won', 'in_line', 'offered', 'claimed', 'lapsed')),
        CONSTRAINT "CHK_raffle_entries_rank" CHECK (("rank" IS NULL) = ("status" IN ('entered', 'withdrawn')) AND ("rank" IS NULL OR "rank" >= 1)),
        CONSTRAINT "CHK_raffle_entries_hold" CHECK (("hold_id" IS NOT NULL) = ("status" IN ('won', 'offered', 'claimed', 'lapsed'))),
        CONSTRAINT "UQ_raffle_entries_drop_user" UNIQUE ("drop_id", "user_id"),
        CONSTRAINT "PK_raffle_entries" PRIMARY KEY ("id"),
        CONSTRAINT "FK_raffle_entries_drop" FOREIGN KEY ("drop_id")
          REFERENCES "drops"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_raffle_entries_drop_line" FOREIGN KEY ("drop_id", "variant_id")
          REFERENCES "drop_lines"("drop_id", "variant_id") ON DELETE CASCADE
      )`);
    // Second chance: the next entries in drawn order that chose the variant that came back.
    await db.query(
      `CREATE INDEX "IDX_raffle_entries_in_line" ON "raffle_entries" ("drop_id", "variant_id", "rank") WHERE "status" = 'in_line'`,
    );
    await db.query(
      `CREATE INDEX "IDX_raffle_entries_holding" ON "raffle_entries" ("drop_id") WHERE "status" IN ('won', 'offered')`,
    );
    await db.query(`
      CREATE TABLE "drop_fairness" (
        "drop_id" uuid NOT NULL,
        "kind" character varying(8) NOT NULL,
        "seed" character(64) NOT NULL,
        "commitment" character(64) NOT NULL,
        "entry_count" integer,
        "entry_list_hash" character(64),
        "entries" text,
        "result" jsonb,
        "drawn_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_drop_fairness_kind" CHECK ("kind" IN ('raffle', 'queue')),
        CONSTRAINT "CHK_drop_fairness_commitment" CHECK ("commitment" = encode(sha256(decode("seed", 'hex')), 'hex')),
        CONSTRAINT "CHK_drop_fairness_drawn" CHECK (("drawn_at" IS NULL) = ("result" IS NULL) AND ("drawn_at" IS NULL) = ("entries" IS NULL) AND ("drawn_at" IS NULL) = ("entry_list_hash" IS NULL) AND ("drawn_at" IS NULL) = ("entry_count" IS NULL)),
        CONSTRAINT "PK_drop_fairness" PRIMARY KEY ("drop_id"),
        CONSTRAINT "FK_drop_fairness_drop" FOREIGN KEY ("drop_id")
          REFERENCES "drops"("id") ON DELETE CASCADE
      )`);
    // The seed is fixed before any entry counts and the drawn order is history: neither changes.
    await db.query(`
      CREATE FUNCTION "drop_fairness_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.drop_id <> OLD.drop_id OR NEW.kind <> OLD.kind OR NEW.seed <> OLD.seed
           OR NEW.commitment <> OLD.commitment THEN
          RAISE EXCEPTION 'drop_fairness: the seed and its commitment never change';
        END IF;
        IF OLD.drawn_at IS NOT NULL THEN
          RAISE EXCEPTION 'drop_fairness: a drawn order never changes';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER "TRG_drop_fairness_immutable" BEFORE UPDATE ON "drop_fairness"
        FOR EACH ROW EXECUTE FUNCTION "drop_fairness_immutable"()`);
    await db.query(`
      CREATE TABLE "waitlist_second_chances" (
        "drop_id" uuid NOT NULL,
        "sold_out_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_waitlist_second_chances" PRIMARY KEY ("drop_id"),
        CONSTRAINT "FK_waitlist_second_chances_drop" FOREIGN KEY ("drop_id")
          REFERENCES "drops"("id") ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "waitlist_second_chances"`);
    await db.query(`DROP TABLE "drop_fairness"`);
    await db.query(`DROP FUNCTION "drop_fairness_immutable"()`);
    await db.query(`DROP TABLE "raffle_entries"`);
    await db.query(`DROP TABLE "waitlist_entries"`);
  }
}
