import { DROP_STATES, type DropState, RELEASE_MODES, type ReleaseMode } from '@limited-run/drops';
import { ApiProperty } from '@nestjs/swagger';
import type {
  ExpiringHold,
  MonitoredDrop,
  MonitoredDropDetail,
  MonitoredLine,
  RaffleVariantFigures,
  SalesSecond,
  WaitingRoomFigures,
} from '../drop-monitor';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** One line of a drop: Postgres's figures and what the Redis admission gate believes. */
export class MonitorLineResponse {
  @ApiProperty({ format: 'uuid' })
  variantId: string;

  @ApiProperty({ example: 'NS-HOODIE-M' })
  sku: string;

  @ApiProperty({ example: 'M' })
  label: string;

  @ApiProperty({ example: 100 })
  allocated: number;

  @ApiProperty({ example: 12, description: 'Units in active holds (Postgres).' })
  held: number;

  @ApiProperty({ example: 40, description: 'Units paid for (Postgres).' })
  sold: number;

  @ApiProperty({ example: 48, description: '`allocated − held − sold` (Postgres: the truth).' })
  available: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 48,
    description: 'Units the Redis admission gate would still admit; null while it is not built.',
  })
  gateAvailable: number | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0,
    description:
      '`gateAvailable − available`: 0 in agreement, > 0 the gate is too generous (Postgres ' +
      'still refuses), < 0 it turns fans away from units that exist. Null without a gate.',
  })
  drift: number | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'When the monitor first saw this drift; null when there is none.',
  })
  driftSince: string | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Seconds since `driftSince`: a unit in flight is a moment old, a wrong gate is not.',
  })
  driftAgeSeconds: number | null;

  static from(line: MonitoredLine, now: number): MonitorLineResponse {
    return Object.assign(new MonitorLineResponse(), {
      ...line,
      driftSince: iso(line.driftSince),
      driftAgeSeconds: line.driftSince
        ? Math.max(0, Math.round((now - line.driftSince.getTime()) / 1000))
        : null,
    });
  }
}

export class MonitorDropResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  collectiveId: string;

  @ApiProperty({ example: 'night-shift' })
  collectiveSlug: string;

  @ApiProperty({ example: 'Night Shift' })
  collectiveName: string;

  @ApiProperty({ example: 'Winter capsule' })
  name: string;

  @ApiProperty({ example: 'winter-capsule' })
  slug: string;

  @ApiProperty({ enum: DROP_STATES })
  state: DropState;

  @ApiProperty({ enum: RELEASE_MODES })
  releaseMode: ReleaseMode;

  @ApiProperty({ example: '2026-12-03T18:00:00.000Z' })
  startsAt: string;

  @ApiProperty({ nullable: true, type: String })
  endsAt: string | null;

  @ApiProperty({ nullable: true, type: String })
  openedAt: string | null;

  @ApiProperty({ example: 600 })
  holdSeconds: number;

  @ApiProperty({ description: 'The Redis admission gate is built and complete.' })
  gateReady: boolean;

  @ApiProperty({ description: 'Sum over lines.', example: 200 })
  allocated: number;

  @ApiProperty({ example: 20 })
  held: number;

  @ApiProperty({ example: 80 })
  sold: number;

  @ApiProperty({ example: 100 })
  available: number;

  @ApiProperty({ description: 'Lines whose gate disagrees with Postgres now.', example: 0 })
  driftingLines: number;

  @ApiProperty({ type: [MonitorLineResponse] })
  lines: MonitorLineResponse[];

  static fill<T extends MonitorDropResponse>(target: T, drop: MonitoredDrop, now: number): T {
    const sum = (pick: (l: MonitoredLine) => number) =>
      drop.lines.reduce((total, line) => total + pick(line), 0);
    return Object.assign(target, {
      id: drop.id,
      collectiveId: drop.collectiveId,
      collectiveSlug: drop.collectiveSlug,
      collectiveName: drop.collectiveName,
      name: drop.name,
      slug: drop.slug,
      state: drop.state,
      releaseMode: drop.releaseMode,
      startsAt: drop.startsAt.toISOString(),
      endsAt: iso(drop.endsAt),
      openedAt: iso(drop.openedAt),
      holdSeconds: drop.holdSeconds,
      gateReady: drop.gateReady,
      allocated: sum((l) => l.allocated),
      held: sum((l) => l.held),
      sold: sum((l) => l.sold),
      available: sum((l) => l.available),
      driftingLines: drop.lines.filter((l) => (l.drift ?? 0) !== 0).length,
      lines: drop.lines.map((l) => MonitorLineResponse.from(l, now)),
    });
  }

  static from(drop: MonitoredDrop, now = Date.now()): MonitorDropResponse {
    return MonitorDropResponse.fill(new MonitorDropResponse(), drop, now);
  }
}

export class MonitorDropsResponse {
  @ApiProperty({ example: '2026-12-03T18:00:01.000Z' })
  generatedAt: string;

  @ApiProperty({
    type: [MonitorDropResponse],
    description: 'Scheduled, live and sold-out drops, soonest first (at most 500).',
  })
  drops: MonitorDropResponse[];

  static from(drops: MonitoredDrop[]): MonitorDropsResponse {
    const now = Date.now();
    return Object.assign(new MonitorDropsResponse(), {
      generatedAt: new Date(now).toISOString(),
      drops: drops.map((d) => MonitorDropResponse.from(d, now)),
    });
  }
}

export class ExpiringHoldResponse {
  @ApiProperty({ format: 'uuid' })
  holdId: string;

  @ApiProperty({ format: 'uuid' })
  variantId: string;

  @ApiProperty({ example: 1 })
  quantity: number;

  @ApiProperty({ example: '2026-12-03T18:10:00.000Z' })
  expiresAt: string;

  static from(hold: ExpiringHold): ExpiringHoldResponse {
    return Object.assign(new ExpiringHoldResponse(), {
      ...hold,
      expiresAt: hold.expiresAt.toISOString(),
    });
  }
}

export class ExpiringHoldsResponse {
  @ApiProperty({ example: 300, description: 'The window asked for (`expiringWithinSeconds`).' })
  withinSeconds: number;

  @ApiProperty({ description: 'Active holds expiring within the window (or already past).' })
  holds: number;

  @ApiProperty()
  units: number;

  @ApiProperty({ description: 'Active holds already past their expiry: the worker is late.' })
  overdueHolds: number;

  @ApiProperty({ type: [ExpiringHoldResponse], description: 'The 50 soonest.' })
  soonest: ExpiringHoldResponse[];
}

export class WaitingRoomFiguresResponse implements WaitingRoomFigures {
  @ApiProperty({ example: 'open', description: 'pre, shuffling, open or closed' })
  phase: string;

  @ApiProperty({ description: 'Fans queued before the opening.' })
  preQueued: number;

  @ApiProperty({ description: 'Fans waiting to be let in now.' })
  waiting: number;

  @ApiProperty()
  admittedTotal: number;

  @ApiProperty()
  admittedLastMinute: number;

  @ApiProperty({ example: 2.5, description: 'Admitted in the last minute, per second.' })
  admissionRatePerSecond: number;
}

export class MonitorRaffleOddsResponse implements RaffleVariantFigures {
  @ApiProperty({ format: 'uuid' })
  variantId: string;

  @ApiProperty()
  units: number;

  @ApiProperty({ description: 'Entries for this variant (withdrawn and cancelled not counted).' })
  entries: number;

  @ApiProperty({ example: 0.25, description: '`min(1, units / entries)`; 1 with no entries.' })
  odds: number;
}

export class SalesSecondResponse implements SalesSecond {
  @ApiProperty({ example: 12, description: 'Seconds since the series’ `from`.' })
  second: number;

  @ApiProperty({ example: 30, description: 'Units held in that second (ledger `hold` rows).' })
  holds: number;

  @ApiProperty({ example: 4, description: 'Units sold in that second (ledger `sell` rows).' })
  sales: number;
}

export class SalesSeriesResponse {
  @ApiProperty({ description: 'The opening, or an hour ago if the drop opened earlier.' })
  from: string;

  @ApiProperty({
    type: [SalesSecondResponse],
    description: 'Ascending; seconds without movement are omitted; at most 3601 points.',
  })
  points: SalesSecondResponse[];
}

export class MonitorDropDetailResponse extends MonitorDropResponse {
  @ApiProperty({ type: ExpiringHoldsResponse })
  expiring: ExpiringHoldsResponse;

  @ApiProperty({
    type: WaitingRoomFiguresResponse,
    nullable: true,
    description: 'Null when the drop has no waiting room.',
  })
  waitingRoom: WaitingRoomFiguresResponse | null;

  @ApiProperty({
    type: [MonitorRaffleOddsResponse],
    nullable: true,
    description: 'Raffle drops only: entries against units, per variant.',
  })
  raffle: MonitorRaffleOddsResponse[] | null;

  @ApiProperty({ type: SalesSeriesResponse })
  series: SalesSeriesResponse;

  static fromDetail(detail: MonitoredDropDetail): MonitorDropDetailResponse {
    const now = Date.now();
    const response = MonitorDropResponse.fill(new MonitorDropDetailResponse(), detail, now);
    return Object.assign(response, {
      expiring: Object.assign(new ExpiringHoldsResponse(), {
        ...detail.expiring,
        soonest: detail.expiring.soonest.map((h) => ExpiringHoldResponse.from(h)),
      }),
      waitingRoom: detail.waitingRoom,
      raffle: detail.raffle,
      series: {
        from: detail.series.from.toISOString(),
        points: detail.series.points,
      },
    });
  }
}
