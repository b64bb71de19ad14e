import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateDropDto } from './create-drop.dto';

/**
 * Any subset of the drop's fields (null clears an optional instant). Allowed while the drop is a
 * draft or scheduled; a scheduled drop must stay schedulable and its jobs follow the new times.
 */
export class UpdateDropDto extends PartialType(OmitType(CreateDropDto, ['lines'])) {}
