import { MigrationInterface, QueryRunner } from 'typeorm';

export class Drops1764240000000 implements MigrationInterface {
  name = 'Drops1764240000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "drops" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "collective_id" uuid NOT NULL,
        "name" character varying(200) NOT NULL,
        "slug" character varying(100) NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "state" character varying(16) NOT NULL DEFAULT 'draft',
        "release_mode" character varying(16) NOT NULL DEFAULT 'first_come',
        "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "ends_at" TIMESTAMP WITH TIME ZONE,
        "early_access_starts_at" TIMESTAMP WITH TIME ZONE,
        "entry_closes_at" TIMESTAMP WITH TIME ZONE,
        "hold_seconds" integer NOT NULL DEFAULT 600,
        "per_customer_limit" integer NOT NULL DEFAULT 1,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "opened_at" TIMESTAMP WITH TIME ZONE,
        "closed_at" TIMESTAMP WITH TIME ZONE,
        "cancelled_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "CHK_drops_state"
          CHECK ("state" IN ('draft', 'scheduled', 'live', 'sold_out', 'closed', 'cancelled')),
        CONSTRAINT "CHK_drops_release_mode"
          CHECK ("release_mode" IN ('first_come', 'waitlist_first', 'raffle')),
        CONSTRAINT "CHK_drops_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT "CHK_drops_hold_seconds" CHECK ("hold_seconds" BETWEEN 60 AND 3600),
        CONSTRAINT "CHK_drops_per_customer_limit" CHECK ("per_customer_limit" >= 1),
        CONSTRAINT "CHK_drops_ends_after_start" CHECK ("ends_at" IS NULL OR "ends_at" > "starts_at"),
        CONSTRAINT "CHK_drops_early_access" CHECK (
          ("release_mode" = 'waitlist_first') = ("early_access_starts_at" IS NOT NULL)
          AND ("early_access_starts_at" IS NULL OR "early_access_starts_at" < "starts_at")),
        CONSTRAINT "CHK_drops_entry_window" CHECK (
          ("release_mode" = 'raffle') = ("entry_closes_at" IS NOT NULL)
          AND ("entry_closes_at" IS NULL OR "entry_closes_at" <= "starts_at")),
        CONSTRAINT "UQ_drops_collective_slug" UNIQUE ("collective_id", "slug"),
        CONSTRAINT "PK_drops" PRIMARY KEY ("id"),
        CONSTRAINT "FK_drops_collective" FOREIGN KEY ("collective_id")
          REFERENCES "collectives"("id") ON DELETE RESTRICT
      )`);
    await db.query(
      `CREATE INDEX "IDX_drops_collective" ON "drops" ("collective_id", "starts_at")`,
    );
    // The worker's sweep looks for exactly these rows every few seconds.
    await db.query(
      `CREATE INDEX "IDX_drops_due_to_open" ON "drops" ("starts_at") WHERE "state" = 'scheduled'`,
    );
    await db.query(
      `CREATE INDEX "IDX_drops_due_to_close" ON "drops" ("ends_at") WHERE "state" = 'live'`,
    );
    await db.query(`
      CREATE TABLE "drop_lines" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "drop_id" uuid NOT NULL,
        "variant_id" uuid NOT NULL,
        "quantity_allocated" integer NOT NULL,
        "held" integer NOT NULL DEFAULT 0,
        "sold" integer NOT NULL DEFAULT 0,
        "price_minor" integer,
        "currency" character(3),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_drop_lines_quantity" CHECK ("quantity_allocated" > 0),
        CONSTRAINT "CHK_drop_lines_counters"
          CHECK ("held" >= 0 AND "sold" >= 0 AND "held" + "sold" <= "quantity_allocated"),
        CONSTRAINT "CHK_drop_lines_price" CHECK (
          ("price_minor" IS NULL) = ("currency" IS NULL)
          AND ("price_minor" IS NULL OR "price_minor" >= 0)
          AND ("currency" IS NULL OR "currency" ~ '^[A-Z]{3}$')),
        CONSTRAINT "UQ_drop_lines_drop_variant" UNIQUE ("drop_id", "variant_id"),
        CONSTRAINT "PK_drop_lines" PRIMARY KEY ("id"),
        CONSTRAINT "FK_drop_lines_drop" FOREIGN KEY ("drop_id")
          REFERENCES "drops"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_drop_lines_variant" FOREIGN KEY ("variant_id")
          REFERENCES "variants"("id") ON DELETE RESTRICT
      )`);
    await db.query(`CREATE INDEX "IDX_drop_lines_variant" ON "drop_lines" ("variant_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "drop_lines"`);
    await db.query(`DROP TABLE "drops"`);
  }
}
