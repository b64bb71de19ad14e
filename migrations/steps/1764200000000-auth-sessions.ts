import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in sessions and their rotating refresh tokens (stored as SHA-256 only). */
export class AuthSessions1764200000000 implements MigrationInterface {
  name = 'AuthSessions1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "auth_sessions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "revoked_reason" character varying(32),
        CONSTRAINT "CHK_auth_sessions_revoked_reason" CHECK ("revoked_reason" IS NULL OR "revoked_reason" IN ('logout', 'password_change', 'refresh_token_reuse', 'suspended')),
        CONSTRAINT "PK_auth_sessions" PRIMARY KEY ("id"),
        CONSTRAINT "FK_auth_sessions_user" FOREIGN KEY ("user_id")
          REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "IDX_auth_sessions_user" ON "auth_sessions" ("user_id")`);
    await db.query(`
      CREATE TABLE "refresh_tokens" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "token_hash" character(64) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_refresh_tokens" PRIMARY KEY ("id"),
        CONSTRAINT "FK_refresh_tokens_session" FOREIGN KEY ("session_id")
          REFERENCES "auth_sessions"("id") ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "IDX_refresh_tokens_session" ON "refresh_tokens" ("session_id")`);
    await db.query(
      `CREATE UNIQUE INDEX "UQ_refresh_tokens_token_hash" ON "refresh_tokens" ("token_hash")`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "refresh_tokens"`);
    await db.query(`DROP TABLE "auth_sessions"`);
  }
}
