import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Some messages go to an address that has no account yet (a staff invite), so the recipient's
 * user id becomes optional; the address stays required.
 */
export class NotificationsRecipientOptional1764250000000 implements MigrationInterface {
  name = 'NotificationsRecipientOptional1764250000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "notifications" ALTER COLUMN "recipient_user_id" DROP NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM "notifications" WHERE "recipient_user_id" IS NULL`);
    await db.query(`ALTER TABLE "notifications" ALTER COLUMN "recipient_user_id" SET NOT NULL`);
  }
}
