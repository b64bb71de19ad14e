import { readVariantsWithItems, type VariantWithItem } from '@limited-run/catalog';
import { type CollectiveRef, readCollectiveRefs } from '@limited-run/collectives';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DropLine } from './drop-line.entity';
import type { Drop } from './drop.entity';

export type DropLineView = DropLine & { variant: VariantWithItem };

/** A drop with what its pages show: the collective's name and every line's variant and item. */
export interface DropView {
  drop: Drop;
  collective: CollectiveRef;
  lines: DropLineView[];
}

/** Loads drops into views in four queries however many drops there are. */
@Injectable()
export class DropViews {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async load(drops: Drop[], manager: EntityManager = this.dataSource.manager): Promise<DropView[]> {
    if (drops.length === 0) return [];
    const [collectives, lines] = await Promise.all([
      readCollectiveRefs(
        manager,
        drops.map((d) => d.collectiveId),
      ),
      manager.getRepository(DropLine).find({
        where: { dropId: In(drops.map((d) => d.id)) },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    ]);
    // The lines' variants, items and images through catalog, their owner.
    const variants = await readVariantsWithItems(
      manager,
      lines.map((line) => line.variantId),
    );
    const views = lines.map((line) => {
      const variant = variants.get(line.variantId);
      if (!variant) throw new Error(`variant ${line.variantId} of a drop line not found`);
      return Object.assign(line, { variant });
    });
    return drops.map((drop) => {
      const collective = collectives.get(drop.collectiveId);
      if (!collective) throw new Error(`collective of drop ${drop.id} not found`);
      return {
        drop,
        collective,
        lines: views.filter((l) => l.dropId === drop.id),
      };
    });
  }

  async loadOne(drop: Drop, manager?: EntityManager): Promise<DropView> {
    const [view] = await this.load([drop], manager);
    return view;
  }
}
