import { PartialType } from '@nestjs/swagger';
import { CreateVariantDto } from './create-variant.dto';

/**
 * Any subset of a variant's fields. The price may change at any time: drops keep the price
 * they were scheduled with. The edition size may not fall below the allocated units.
 */
export class UpdateVariantDto extends PartialType(CreateVariantDto) {}
