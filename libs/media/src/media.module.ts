import { CatalogModule } from '@limited-run/catalog';
import { PlatformConfig } from '@limited-run/platform';
import { Module } from '@nestjs/common';
import { DiskImageStorage } from './disk-image-storage';
import { ImageStorage } from './image-storage';
import { ImagesService } from './images.service';
import { S3ImageStorage } from './s3-image-storage';

/** Chooses the storage adapter once, from configuration: a bucket when one is named, else disk. */
export function imageStorageFor(config: PlatformConfig): ImageStorage {
  const bucket = config.get('MEDIA_S3_BUCKET');
  if (!bucket) return new DiskImageStorage(config.get('MEDIA_DIR'));
  return new S3ImageStorage({
    bucket,
    region: config.get('MEDIA_S3_REGION'),
    endpoint: config.get('MEDIA_S3_ENDPOINT'),
    accessKeyId: config.get('MEDIA_S3_ACCESS_KEY_ID'),
    secretAccessKey: config.get('MEDIA_S3_SECRET_ACCESS_KEY'),
  });
}

/** Item images: processing with sharp and storage behind the `ImageStorage` port. */
@Module({
  imports: [CatalogModule],
  providers: [
    ImagesService,
    { provide: ImageStorage, useFactory: imageStorageFor, inject: [PlatformConfig] },
  ],
  exports: [ImagesService, ImageStorage],
})
export class MediaModule {}
