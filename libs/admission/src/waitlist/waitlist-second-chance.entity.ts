import { Drop } from '@limited-run/drops';
import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';

/**
 * A live drop whose stock once ran out while fans were on its waitlist: from then on units that
 * come back (expired or refunded holds) go to the waitlist in order before open sale.
 */
@Entity({ name: 'waitlist_second_chances' })
export class WaitlistSecondChance {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_waitlist_second_chances' })
  dropId: string;

  @OneToOne(() => Drop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'drop_id', foreignKeyConstraintName: 'FK_waitlist_second_chances_drop' })
  drop?: Drop;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  soldOutAt: Date;
}
