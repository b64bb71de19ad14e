import { MigrationInterface, QueryRunner } from 'typeorm';

/** Item images in the collective's order, with alt text; files behind the storage port (issue 14). */
export class ItemImages1764390000000 implements MigrationInterface {
  name = 'ItemImages1764390000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "item_images" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "item_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "alt" character varying(300) NOT NULL DEFAULT '',
        "width" integer NOT NULL,
        "height" integer NOT NULL,
        "renditions" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_item_images" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_item_images_dimensions" CHECK ("width" > 0 AND "height" > 0),
        CONSTRAINT "FK_item_images_item" FOREIGN KEY ("item_id")
          REFERENCES "items"("id") ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX "IDX_item_images_item" ON "item_images" ("item_id", "position")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "item_images"`);
  }
}
