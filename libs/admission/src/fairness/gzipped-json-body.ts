import { Column, CreateDateColumn } from 'typeorm';

/**
 * A stored proof body as it is served: JSON built once, gzip-compressed, then only read. The
 * whole file (`fairness_proof_files`) and each page of a large one (`fairness_proof_pages`)
 * store it alike.
 */
export abstract class GzippedJsonBody {
  /** The JSON, gzip-compressed. */
  @Column({ type: 'bytea' })
  bodyGzip: Buffer;

  /** Size of the JSON before compression. */
  @Column({ type: 'integer' })
  bodyBytes: number;

  /** A strong validator of the body (SHA-256 of the JSON, hex). */
  @Column({ type: 'char', length: 64 })
  etag: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
