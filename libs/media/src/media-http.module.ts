import { CatalogModule } from '@limited-run/catalog';
import { CollectivesModule } from '@limited-run/collectives';
import { Module } from '@nestjs/common';
import { CatalogDeletionsController } from './catalog-deletions.controller';
import { ItemImagesController } from './item-images.controller';
import { MediaFilesController } from './media-files.controller';
import { MediaModule } from './media.module';

/** The media library's routes, for the API. */
@Module({
  imports: [MediaModule, CatalogModule, CollectivesModule],
  controllers: [ItemImagesController, CatalogDeletionsController, MediaFilesController],
})
export class MediaHttpModule {}
