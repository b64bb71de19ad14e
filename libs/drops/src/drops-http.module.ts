import { CollectivesModule } from '@limited-run/collectives';
import { Module } from '@nestjs/common';
import { DropCatalogueController } from './drop-catalogue.controller';
import { DropsController } from './drops.controller';
import { DropsModule } from './drops.module';

/** The drops routes, for the API: collective-scoped management and the public catalogue. */
@Module({
  imports: [DropsModule, CollectivesModule],
  controllers: [DropsController, DropCatalogueController],
})
export class DropsHttpModule {}
