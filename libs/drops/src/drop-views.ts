import { imagesOfItems, type Item, type ItemImage, type Variant } from '@limited-run/catalog';
import { type CollectiveRef, readCollectiveRefs } from '@limited-run/collectives';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DropLine } from './drop-line.entity';
import type { Drop } from './drop.entity';

export type DropLineView = DropLine & {
  variant: Variant & { item: Item & { images?: ItemImage[] } };
};

/** A drop with what its pages show: the collective's name and every line's variant and item. */
export interface DropView {
  drop: Drop;
  collective: CollectiveRef;
  lines: DropLineView[];
}

/** Loads drops into views in two queries however many drops there are. */
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
        relations: { variant: { item: true } },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    ]);
    const itemIds = [...new Set(lines.map((l) => l.variant?.itemId).filter(Boolean))] as string[];
    const images = itemIds.length ? await imagesOfItems(manager, itemIds) : [];
    for (const line of lines as DropLineView[]) {
      line.variant.item.images = images.filter((i) => i.itemId === line.variant.itemId);
    }
    return drops.map((drop) => {
      const collective = collectives.get(drop.collectiveId);
      if (!collective) throw new Error(`collective of drop ${drop.id} not found`);
      return {
        drop,
        collective,
        lines: lines.filter((l) => l.dropId === drop.id) as DropLineView[],
      };
    });
  }

  async loadOne(drop: Drop, manager?: EntityManager): Promise<DropView> {
    const [view] = await this.load([drop], manager);
    return view;
  }
}
