import { ApiProperty } from '@nestjs/swagger';
import type { CancellationPreview } from './drop-cancellation';

export class CancellationPreviewResponse implements CancellationPreview {
  @ApiProperty({ example: 2, description: 'Active holds the cancel releases' })
  activeHolds: number;

  @ApiProperty({ example: 1, description: 'Open checkout sessions expired first' })
  openCheckouts: number;

  @ApiProperty({ example: 0, description: 'Raffle entries closed' })
  raffleEntries: number;

  @ApiProperty({ example: 14, description: 'Waitlist entries closed' })
  waitlistEntries: number;

  @ApiProperty({ example: 3, description: 'Paid orders, which stay valid' })
  paidOrders: number;

  @ApiProperty({ example: 17, description: 'Units going back to the editions (all not sold)' })
  unitsReturnedToEditions: number;
}
