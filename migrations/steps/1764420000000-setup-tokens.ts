import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time tokens that let the first platform admin be created from the browser on a fresh
 * install (issue 14). Kept only as SHA-256 hashes, so every API process agrees on them and a
 * leaked table cannot be replayed.
 */
export class SetupTokens1764420000000 implements MigrationInterface {
  name = 'SetupTokens1764420000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "setup_tokens" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "token_hash" character(64) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        "used_by_user_id" uuid,
        CONSTRAINT "PK_setup_tokens" PRIMARY KEY ("id"),
        CONSTRAINT "FK_setup_tokens_used_by" FOREIGN KEY ("used_by_user_id")
          REFERENCES "users"("id") ON DELETE SET NULL
      )`);
    await db.query(
      `CREATE UNIQUE INDEX "UQ_setup_tokens_token_hash" ON "setup_tokens" ("token_hash")`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "setup_tokens"`);
  }
}
