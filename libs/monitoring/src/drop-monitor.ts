import { readVariantLabels } from '@limited-run/catalog';
import { readCollectiveRefs } from '@limited-run/collectives';
import {
  type DropLineFigures,
  type DropState,
  type DropSummary,
  readDropLineFigures,
  readDropSummaries,
  readDropSummary,
} from '@limited-run/drops';
import { AdmissionGate, readExpiringHolds } from '@limited-run/inventory';
import { readMovementSeries } from '@limited-run/ledger';
import { REDIS } from '@limited-run/platform';
import { readRaffleEntryCounts } from '@limited-run/raffles';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { DriftTracker } from './drift-tracker';
import { MonitoredDropNotFoundError } from './monitoring.errors';

/** States the monitor watches: what may still sell or is about to. */
export const MONITORED_STATES: readonly DropState[] = ['scheduled', 'live', 'sold_out'];
/** At most this many drops on the overview (the soonest first): bounded work per request. */
export const MONITORED_DROPS_MAX = 500;
/** The per-second series covers at most the last hour of a drop's sales. */
export const SERIES_SECONDS_MAX = 3600;
/** Holds listed one by one in the expiring-soon panel; the rest are counted. */
export const EXPIRING_HOLDS_LISTED = 50;

export interface MonitoredLine {
  variantId: string;
  sku: string;
  label: string;
  allocated: number;
  held: number;
  sold: number;
  /** `allocated − held − sold`, from Postgres (the truth). */
  available: number;
  /** What the Redis admission gate would still admit; null while the gate is not built. */
  gateAvailable: number | null;
  /** `gateAvailable − available`: positive, the gate is too generous; null without a gate. */
  drift: number | null;
  /** When this drift was first seen by the monitor; null when there is none. */
  driftSince: Date | null;
}

export interface MonitoredDrop extends DropSummary {
  collectiveSlug: string;
  collectiveName: string;
  /** The gate exists and is complete (`__ready`); false before the first hold or after a loss. */
  gateReady: boolean;
  lines: MonitoredLine[];
}

export interface ExpiringHold {
  holdId: string;
  variantId: string;
  quantity: number;
  expiresAt: Date;
}

export interface WaitingRoomFigures {
  phase: string;
  /** Fans queued before the opening (order drawn at the opening). */
  preQueued: number;
  /** Fans waiting to be let in now. */
  waiting: number;
  admittedTotal: number;
  admittedLastMinute: number;
  /** Admitted in the last minute, per second. */
  admissionRatePerSecond: number;
}

export interface RaffleVariantFigures {
  variantId: string;
  units: number;
  entries: number;
  /** `min(1, units / entries)`; 1 when nobody entered. */
  odds: number;
}

export interface SalesSecond {
  /** Seconds since `from`. */
  second: number;
  holds: number;
  sales: number;
}

export interface MonitoredDropDetail extends MonitoredDrop {
  expiring: {
    withinSeconds: number;
    holds: number;
    units: number;
    /** Active holds already past their expiry (the worker is late). */
    overdueHolds: number;
    soonest: ExpiringHold[];
  };
  waitingRoom: WaitingRoomFigures | null;
  raffle: RaffleVariantFigures[] | null;
  series: { from: Date; points: SalesSecond[] };
}

/** A drop line with its variant's names. */
interface LineRow extends DropLineFigures {
  sku: string;
  label: string;
}

/** Figures of drops for the monitor: Postgres for the truth, Redis for what the gates believe. */
/**
 * One line's figures against its gate (null when the gate has not been built), with the
 * moment its drift was first seen (`firstDriftAt`, epoch ms).
 */
function lineFigures(
  l: LineRow,
  gate: Record<string, number> | undefined,
  firstDriftAt: number | undefined,
): MonitoredDrop['lines'][number] {
  const available = l.allocated - l.held - l.sold;
  const gateAvailable = gate ? (gate[l.variantId] ?? 0) : null;
  const drift = gateAvailable === null ? null : gateAvailable - available;
  return {
    variantId: l.variantId,
    sku: l.sku,
    label: l.label,
    allocated: l.allocated,
    held: l.held,
    sold: l.sold,
    available,
    gateAvailable,
    drift,
    driftSince: drift && firstDriftAt !== undefined ? new Date(firstDriftAt) : null,
  };
}

@Injectable()
export class DropMonitor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly gate: AdmissionGate,
    private readonly drift: DriftTracker,
  ) {}

  /** Every scheduled, live and sold-out drop (of one collective, if given), soonest first. */
  async list(collectiveId?: string): Promise<MonitoredDrop[]> {
    const drops = await readDropSummaries(this.dataSource, {
      states: MONITORED_STATES,
      collectiveId,
      limit: MONITORED_DROPS_MAX,
    });
    return this.withLines(drops);
  }

  /** One drop with everything the live view shows; 404 for drafts and other collectives'. */
  async detail(
    dropId: string,
    options: { collectiveId?: string; expiringWithinSeconds: number },
  ): Promise<MonitoredDropDetail> {
    const row = await readDropSummary(this.dataSource, dropId);
    if (
      !row ||
      row.state === 'draft' ||
      (options.collectiveId !== undefined && row.collectiveId !== options.collectiveId)
    ) {
      throw new MonitoredDropNotFoundError();
    }
    const [drop] = await this.withLines([row]);
    const [expiring, waitingRoom, raffle, series] = await Promise.all([
      this.expiring(dropId, options.expiringWithinSeconds),
      this.waitingRoom(dropId),
      row.releaseMode === 'raffle' ? this.raffle(drop) : Promise.resolve(null),
      this.series(row),
    ]);
    return { ...drop, expiring, waitingRoom, raffle, series };
  }

  /** The collective a drop belongs to, or undefined (for filtering streams). */
  async collectiveOf(dropId: string): Promise<string | undefined> {
    return (await readDropSummary(this.dataSource, dropId))?.collectiveId;
  }

  private async withLines(drops: DropSummary[]): Promise<MonitoredDrop[]> {
    if (drops.length === 0) return [];
    const ids = drops.map((d) => d.id);
    const [lines, collectives, gates] = await Promise.all([
      this.linesOf(ids),
      readCollectiveRefs(
        this.dataSource,
        drops.map((d) => d.collectiveId),
      ),
      Promise.all(ids.map((id) => this.gate.available(id))),
    ]);
    const gateOf = new Map(ids.map((id, i) => [id, gates[i]]));
    const readings = lines.flatMap((l) => {
      const gate = gateOf.get(l.dropId);
      if (!gate) return [];
      const truth = l.allocated - l.held - l.sold;
      return [
        { dropId: l.dropId, variantId: l.variantId, drift: (gate[l.variantId] ?? 0) - truth },
      ];
    });
    const since = await this.drift.observe(readings);
    return drops.map((d) => {
      const gate = gateOf.get(d.id);
      const collective = collectives.get(d.collectiveId);
      return {
        id: d.id,
        collectiveId: d.collectiveId,
        collectiveSlug: collective?.slug ?? '',
        collectiveName: collective?.name ?? '',
        name: d.name,
        slug: d.slug,
        state: d.state,
        releaseMode: d.releaseMode,
        startsAt: d.startsAt,
        endsAt: d.endsAt,
        openedAt: d.openedAt,
        holdSeconds: d.holdSeconds,
        gateReady: gate !== undefined,
        lines: lines
          .filter((l) => l.dropId === d.id)
          .map((l) => lineFigures(l, gate, since.get(`${d.id}:${l.variantId}`))),
      };
    });
  }

  private async expiring(
    dropId: string,
    withinSeconds: number,
  ): Promise<MonitoredDropDetail['expiring']> {
    const found = await readExpiringHolds(
      this.dataSource,
      dropId,
      withinSeconds,
      EXPIRING_HOLDS_LISTED,
    );
    return {
      withinSeconds,
      holds: found.holds,
      units: found.units,
      overdueHolds: found.overdue,
      soonest: found.soonest.map((h) => ({
        holdId: h.id,
        variantId: h.variantId,
        quantity: h.quantity,
        expiresAt: h.expiresAt,
      })),
    };
  }

  /** From the room's Redis keys (see libs/admission room-keys.ts); null when the drop has none. */
  private async waitingRoom(dropId: string): Promise<WaitingRoomFigures | null> {
    const base = `room:{drop:${dropId}}`;
    const now = Date.now();
    const results = await this.redis
      .multi()
      .hmget(`${base}:meta`, 'phase', 'admittedCount')
      .zcard(`${base}:pre`)
      .zcard(`${base}:queue`)
      .zcount(`${base}:admitted`, now - 60_000, '+inf')
      .exec();
    if (!results) return null;
    const [phase, admittedCount] = results[0][1] as Array<string | null>;
    if (phase === null) return null;
    const lastMinute = Number(results[3][1]);
    return {
      phase,
      preQueued: Number(results[1][1]),
      waiting: Number(results[2][1]),
      admittedTotal: Number(admittedCount ?? 0),
      admittedLastMinute: lastMinute,
      admissionRatePerSecond: Math.round((lastMinute / 60) * 100) / 100,
    };
  }

  private async raffle(drop: MonitoredDrop): Promise<RaffleVariantFigures[]> {
    const entriesOf = await readRaffleEntryCounts(this.dataSource, drop.id);
    return drop.lines.map((line) => {
      const entries = entriesOf.get(line.variantId) ?? 0;
      return {
        variantId: line.variantId,
        units: line.allocated,
        entries,
        odds: entries === 0 ? 1 : Math.min(1, line.allocated / entries),
      };
    });
  }

  /**
   * Units held and sold per second, from the ledger (`inventory_movements`), since the drop
   * opened or over its last hour, whichever is shorter. Seconds without movement are omitted.
   */
  private async series(row: DropSummary): Promise<MonitoredDropDetail['series']> {
    const to = new Date();
    const opened = row.openedAt ?? row.startsAt;
    const from = new Date(Math.max(opened.getTime(), to.getTime() - SERIES_SECONDS_MAX * 1000));
    const points = await readMovementSeries(this.dataSource, row.id, from, SERIES_SECONDS_MAX + 1);
    return { from, points };
  }

  /** The drops' lines with their variants' names, each drop's by SKU (the database's order). */
  private async linesOf(dropIds: string[]): Promise<LineRow[]> {
    const lines = await readDropLineFigures(this.dataSource, dropIds);
    const labels = await readVariantLabels(
      this.dataSource,
      lines.map((l) => l.variantId),
    );
    const skuRank = new Map([...labels.keys()].map((variantId, rank) => [variantId, rank]));
    const rank = (variantId: string): number => skuRank.get(variantId) ?? skuRank.size;
    return lines
      .map((l) => ({
        ...l,
        sku: labels.get(l.variantId)?.sku ?? '',
        label: labels.get(l.variantId)?.label ?? '',
      }))
      .sort((a, b) =>
        a.dropId === b.dropId
          ? rank(a.variantId) - rank(b.variantId)
          : compareCodePoints(a.dropId, b.dropId),
      );
  }
}

const compareCodePoints = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
