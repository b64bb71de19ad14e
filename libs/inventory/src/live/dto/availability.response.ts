import { PUBLIC_DROP_STATES, type PublicDropState } from '@limited-run/drops';
import { ApiProperty } from '@nestjs/swagger';
import type { AvailabilityView, LineCounters } from '../line-counters';

export class LineCountersResponse {
  @ApiProperty({ format: 'uuid' })
  variantId: string;

  @ApiProperty({ example: 250, description: 'Units of this variant released in the drop.' })
  allocated: number;

  @ApiProperty({ example: 12, description: 'Units in active holds (being paid for).' })
  held: number;

  @ApiProperty({ example: 180 })
  sold: number;

  @ApiProperty({ example: 58, description: 'allocated − held − sold' })
  available: number;

  static from(line: LineCounters): LineCountersResponse {
    const response = new LineCountersResponse();
    response.variantId = line.variantId;
    response.allocated = line.allocated;
    response.held = line.held;
    response.sold = line.sold;
    response.available = line.available;
    return response;
  }
}

export class AvailabilityResponse {
  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ enum: PUBLIC_DROP_STATES, example: 'live' })
  state: PublicDropState;

  @ApiProperty({ type: [LineCountersResponse] })
  lines: LineCountersResponse[];

  @ApiProperty({
    example: 1742,
    description:
      "The drop's live-counters sequence this view already reflects: open `/drops/{id}/events` with `Last-Event-ID: <seq>` to receive only later changes.",
  })
  seq: number;

  static from(view: AvailabilityView): AvailabilityResponse {
    const response = new AvailabilityResponse();
    response.dropId = view.dropId;
    response.state = view.state;
    response.lines = view.lines.map((line) => LineCountersResponse.from(line));
    response.seq = view.seq;
    return response;
  }
}
