import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Item } from './item.entity';

/**
 * One image of an item, in the order the collective chose. The files (one WebP per rendition
 * width) live behind the media library's storage port under `items/<item>/<image>/`; a new
 * upload is a new id, so a rendition's URL never changes content and is cached for a year.
 */
@Entity({ name: 'item_images' })
@Index('IDX_item_images_item', ['itemId', 'position'])
@Check('CHK_item_images_dimensions', `"width" > 0 AND "height" > 0`)
export class ItemImage {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_item_images' })
  id: string;

  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => Item, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_item_images_item' })
  item?: Item;

  /** 0 is the item's first image. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 300, default: '' })
  alt: string;

  /** The original's dimensions, for layout before the image loads. */
  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  /** Widths of the WebP renditions stored, ascending (never wider than the original). */
  @Column({ type: 'jsonb' })
  renditions: number[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
