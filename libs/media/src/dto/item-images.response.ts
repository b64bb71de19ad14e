import { ItemImageResponse } from '@limited-run/catalog';
import { ApiProperty } from '@nestjs/swagger';

export class ItemImagesResponse {
  @ApiProperty({ type: [ItemImageResponse], description: 'In the order the collective chose.' })
  images: ItemImageResponse[];
}
