import { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogItemsAndVariants1764230000000 implements MigrationInterface {
  name = 'CatalogItemsAndVariants1764230000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "items" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "collective_id" uuid NOT NULL,
        "kind" character varying(32) NOT NULL,
        "title" character varying(200) NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "media_urls" jsonb NOT NULL DEFAULT '[]',
        "attributes" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_items_kind" CHECK ("kind" ~ '^[a-z][a-z0-9_]*$'),
        CONSTRAINT "PK_items" PRIMARY KEY ("id"),
        CONSTRAINT "FK_items_collective" FOREIGN KEY ("collective_id")
          REFERENCES "collectives"("id") ON DELETE RESTRICT
      )`);
    await db.query(
      `CREATE INDEX "IDX_items_collective" ON "items" ("collective_id", "created_at")`,
    );
    await db.query(`
      CREATE TABLE "variants" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "item_id" uuid NOT NULL,
        "collective_id" uuid NOT NULL,
        "sku" character varying(64) NOT NULL,
        "label" character varying(120) NOT NULL,
        "attributes" jsonb NOT NULL DEFAULT '{}',
        "price_minor" integer NOT NULL,
        "currency" character(3) NOT NULL,
        "edition_size" integer NOT NULL,
        "numbered" boolean NOT NULL DEFAULT false,
        "allocated" integer NOT NULL DEFAULT 0,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_variants_price" CHECK ("price_minor" >= 0),
        CONSTRAINT "CHK_variants_currency" CHECK ("currency" ~ '^[A-Z]{3}$'),
        CONSTRAINT "CHK_variants_edition_size" CHECK ("edition_size" > 0),
        CONSTRAINT "CHK_variants_allocated" CHECK ("allocated" >= 0 AND "allocated" <= "edition_size"),
        CONSTRAINT "UQ_variants_collective_sku" UNIQUE ("collective_id", "sku"),
        CONSTRAINT "PK_variants" PRIMARY KEY ("id"),
        CONSTRAINT "FK_variants_item" FOREIGN KEY ("item_id")
          REFERENCES "items"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_variants_collective" FOREIGN KEY ("collective_id")
          REFERENCES "collectives"("id") ON DELETE RESTRICT
      )`);
    await db.query(`CREATE INDEX "IDX_variants_item" ON "variants" ("item_id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "variants"`);
    await db.query(`DROP TABLE "items"`);
  }
}
