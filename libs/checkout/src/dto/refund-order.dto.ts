import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class RefundOrderDto {
  @ApiProperty({
    example: true,
    description:
      'true: the units go back on sale in the drop (a `refund` ledger movement); false: they stay ' +
      'sold (kept back, damaged, already shipped). Required: the choice is always explicit.',
  })
  @IsBoolean()
  returnUnitsToDrop: boolean;
}
