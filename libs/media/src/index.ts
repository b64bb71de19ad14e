export * from './disk-image-storage';
export * from './image-processor';
export * from './image-storage';
export * from './images.service';
export * from './media-http.module';
export * from './media.errors';
export * from './media.module';
export * from './s3-image-storage';
