import { CollectivesModule } from '@limited-run/collectives';
import { Module } from '@nestjs/common';
import { CatalogModule } from './catalog.module';
import { ItemKindsController } from './item-kinds.controller';
import { ItemsController } from './items.controller';

/** The catalog's collective-scoped routes, for the API. */
@Module({
  imports: [CatalogModule, CollectivesModule],
  controllers: [ItemsController, ItemKindsController],
})
export class CatalogHttpModule {}
