import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** Lower-case words joined by single hyphens: safe in URLs and unambiguous to read aloud. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

@Entity({ name: 'collectives' })
@Unique('UQ_collectives_slug', ['slug'])
@Check('CHK_collectives_slug', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
export class Collective {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_collectives' })
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
