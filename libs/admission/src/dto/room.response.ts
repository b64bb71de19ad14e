import { ApiProperty } from '@nestjs/swagger';
import { ROOM_STATUSES, type RoomStatus, type RoomView } from '../room/room.service';

export class RoomResponse {
  @ApiProperty({ format: 'uuid' })
  dropId: string;

  @ApiProperty({ enum: ROOM_STATUSES, example: 'waiting' })
  status: RoomStatus;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Your public ticket: your entry in the published queue proof.',
  })
  ticket: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 120,
    description: '1-based place in line.',
  })
  position: number | null;

  @ApiProperty({ example: 0, description: 'Fans in the pre-queue (drawn at the opening).' })
  preQueueSize: number;

  @ApiProperty({ example: 860, description: 'Fans in line.' })
  waiting: number;

  @ApiProperty({ type: Number, nullable: true, example: 3 })
  estimatedWaitSeconds: number | null;

  @ApiProperty({ example: '2026-12-01T18:00:00.000Z' })
  opensAt: string;

  @ApiProperty({ example: 50 })
  admitPerSecond: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Once admitted: send it as the `Admission-Token` header when holding.',
  })
  admissionToken: string | null;

  @ApiProperty({ type: String, nullable: true })
  admissionExpiresAt: string | null;

  static from(view: RoomView): RoomResponse {
    return Object.assign(new RoomResponse(), view);
  }
}
