import { MigrationInterface, QueryRunner } from 'typeorm';

export class CollectivesAndMemberships1764220000000 implements MigrationInterface {
  name = 'CollectivesAndMemberships1764220000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "collectives" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" character varying(120) NOT NULL,
        "slug" character varying(64) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_collectives_slug" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT "UQ_collectives_slug" UNIQUE ("slug"),
        CONSTRAINT "PK_collectives" PRIMARY KEY ("id")
      )`);
    await db.query(`
      CREATE TABLE "collective_memberships" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "collective_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "role" character varying(16) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_collective_memberships_role" CHECK ("role" IN ('owner', 'staff')),
        CONSTRAINT "UQ_collective_memberships_collective_user" UNIQUE ("collective_id", "user_id"),
        CONSTRAINT "PK_collective_memberships" PRIMARY KEY ("id"),
        CONSTRAINT "FK_collective_memberships_collective" FOREIGN KEY ("collective_id")
          REFERENCES "collectives"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_collective_memberships_user" FOREIGN KEY ("user_id")
          REFERENCES "users"("id") ON DELETE NO ACTION
      )`);
    await db.query(
      `CREATE INDEX "IDX_collective_memberships_user" ON "collective_memberships" ("user_id")`,
    );
    await db.query(`
      CREATE TABLE "collective_invites" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "collective_id" uuid NOT NULL,
        "email" character varying(254) NOT NULL,
        "role" character varying(16) NOT NULL,
        "token_hash" character varying(64) NOT NULL,
        "invited_by_user_id" uuid NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "accepted_at" TIMESTAMP WITH TIME ZONE,
        "accepted_by_user_id" uuid,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_collective_invites_role" CHECK ("role" IN ('owner', 'staff')),
        CONSTRAINT "CHK_collective_invites_email_lowercase" CHECK ("email" = lower("email")),
        CONSTRAINT "UQ_collective_invites_token_hash" UNIQUE ("token_hash"),
        CONSTRAINT "PK_collective_invites" PRIMARY KEY ("id"),
        CONSTRAINT "FK_collective_invites_collective" FOREIGN KEY ("collective_id")
          REFERENCES "collectives"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_collective_invites_invited_by" FOREIGN KEY ("invited_by_user_id")
          REFERENCES "users"("id") ON DELETE NO ACTION,
        CONSTRAINT "FK_collective_invites_accepted_by" FOREIGN KEY ("accepted_by_user_id")
          REFERENCES "users"("id") ON DELETE NO ACTION
      )`);
    await db.query(
      `CREATE INDEX "IDX_collective_invites_pending" ON "collective_invites" ("collective_id", "created_at")
         WHERE "accepted_at" IS NULL AND "revoked_at" IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "collective_invites"`);
    await db.query(`DROP TABLE "collective_memberships"`);
    await db.query(`DROP TABLE "collectives"`);
  }
}
