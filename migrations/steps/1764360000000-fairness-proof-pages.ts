import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Pages of a large drawn fairness proof, each a stored file (see fairness-proof-page.entity.ts). */
export class FairnessProofPages1764360000000 implements MigrationInterface {
  name = 'FairnessProofPages1764360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "fairness_proof_pages" (
        "drop_id" uuid NOT NULL,
        "page" integer NOT NULL,
        "body_gzip" bytea NOT NULL,
        "body_bytes" integer NOT NULL,
        "etag" character(64) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_fairness_proof_pages" PRIMARY KEY ("drop_id", "page"),
        CONSTRAINT "FK_fairness_proof_pages_drop" FOREIGN KEY ("drop_id")
          REFERENCES "drops"("id") ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "fairness_proof_pages"`);
  }
}
