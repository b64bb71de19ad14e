import { AuditModule } from '@limited-run/audit';
import { CollectiveEntityModule } from '@limited-run/collectives';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EditionAllocator } from './edition-allocator';
import { ItemImage } from './item-image.entity';
import { Item } from './item.entity';
import { ItemsService } from './items.service';
import { Variant } from './variant.entity';
import { VariantsService } from './variants.service';

/**
 * Items, variants and edition allocation, without routes: what the worker and other libraries
 * need. `CollectiveEntityModule` registers `Collective` for their foreign keys' metadata.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Item, ItemImage, Variant]),
    CollectiveEntityModule,
    AuditModule,
  ],
  providers: [ItemsService, VariantsService, EditionAllocator],
  exports: [ItemsService, VariantsService, EditionAllocator],
})
export class CatalogModule {}
