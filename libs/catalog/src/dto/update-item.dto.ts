import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateItemDto } from './create-item.dto';

/**
 * Title, description, media and attributes (replaced whole, validated against the kind).
 * The kind of an item never changes.
 */
export class UpdateItemDto extends PartialType(OmitType(CreateItemDto, ['kind', 'variants'])) {}
