import { CollectivesModule } from '@limited-run/collectives';
import { Module } from '@nestjs/common';
import { ItemDeletionController } from './item-deletion.controller';
import { ItemImagesController } from './item-images.controller';
import { MediaFilesController } from './media-files.controller';
import { MediaModule } from './media.module';

/** The media library's routes, for the API. */
@Module({
  imports: [MediaModule, CollectivesModule],
  controllers: [ItemImagesController, ItemDeletionController, MediaFilesController],
})
export class MediaHttpModule {}
