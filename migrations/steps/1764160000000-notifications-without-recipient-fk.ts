import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox keeps a plain recipient id: the worker loads only the notification entity, and
 * declaring the foreign key in entity metadata would need `User` in every process. Users are
 * suspended, never deleted, so the key protected nothing in practice.
 */
export class NotificationsWithoutRecipientFk1764160000000 implements MigrationInterface {
  name = 'NotificationsWithoutRecipientFk1764160000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_notifications_recipient"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_notifications_recipient"
         FOREIGN KEY ("recipient_user_id") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
  }
}
