import { MigrationInterface, QueryRunner } from 'typeorm';

export class UsersAndNotifications1764150000000 implements MigrationInterface {
  name = 'UsersAndNotifications1764150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" character varying(254) NOT NULL,
        "display_name" character varying(80) NOT NULL,
        "password_hash" character varying(255) NOT NULL,
        "role" character varying(16) NOT NULL DEFAULT 'fan',
        "status" character varying(16) NOT NULL DEFAULT 'active',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_users_role" CHECK ("role" IN ('fan', 'admin')),
        CONSTRAINT "CHK_users_status" CHECK ("status" IN ('active', 'suspended')),
        CONSTRAINT "CHK_users_email_lowercase" CHECK ("email" = lower("email")),
        CONSTRAINT "UQ_users_email" UNIQUE ("email"),
        CONSTRAINT "PK_users" PRIMARY KEY ("id")
      )`);
    await db.query(`
      CREATE TABLE "notifications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "recipient_user_id" uuid NOT NULL,
        "recipient_email" character varying(254) NOT NULL,
        "template" character varying(64) NOT NULL,
        "payload" jsonb NOT NULL DEFAULT '{}',
        "status" character varying(16) NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "sent_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "CHK_notifications_status" CHECK ("status" IN ('pending', 'sent', 'failed')),
        CONSTRAINT "PK_notifications" PRIMARY KEY ("id"),
        CONSTRAINT "FK_notifications_recipient" FOREIGN KEY ("recipient_user_id")
          REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await db.query(
      `CREATE INDEX "IDX_notifications_pending" ON "notifications" ("created_at") WHERE "status" = 'pending'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "notifications"`);
    await db.query(`DROP TABLE "users"`);
  }
}
