import { AuditModule } from '@limited-run/audit';
import { Collective } from '@limited-run/collectives';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogService } from './catalog.service';
import { EditionAllocator } from './edition-allocator';
import { ItemDeletionHooks } from './item-deletion-hooks';
import { Item } from './item.entity';
import { Variant } from './variant.entity';

/**
 * Items, variants and edition allocation, without routes: what the worker and other libraries
 * need. `Collective` is registered for its foreign keys' metadata only.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Item, Variant, Collective]), AuditModule],
  providers: [CatalogService, EditionAllocator, ItemDeletionHooks],
  exports: [CatalogService, EditionAllocator, ItemDeletionHooks],
})
export class CatalogModule {}
