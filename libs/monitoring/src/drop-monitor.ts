import type { DropState, ReleaseMode } from '@limited-run/drops';
import { AdmissionGate } from '@limited-run/inventory';
import { REDIS } from '@limited-run/platform';
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

export interface MonitoredDrop {
  id: string;
  collectiveId: string;
  collectiveSlug: string;
  collectiveName: string;
  name: string;
  slug: string;
  state: DropState;
  releaseMode: ReleaseMode;
  startsAt: Date;
  endsAt: Date | null;
  openedAt: Date | null;
  holdSeconds: number;
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

interface DropRow {
  id: string;
  collective_id: string;
  collective_slug: string;
  collective_name: string;
  name: string;
  slug: string;
  state: DropState;
  release_mode: ReleaseMode;
  starts_at: Date;
  ends_at: Date | null;
  opened_at: Date | null;
  hold_seconds: number;
}

interface LineRow {
  drop_id: string;
  variant_id: string;
  sku: string;
  label: string;
  quantity_allocated: number;
  held: number;
  sold: number;
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
  const available = l.quantity_allocated - l.held - l.sold;
  const gateAvailable = gate ? (gate[l.variant_id] ?? 0) : null;
  const drift = gateAvailable === null ? null : gateAvailable - available;
  return {
    variantId: l.variant_id,
    sku: l.sku,
    label: l.label,
    allocated: l.quantity_allocated,
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
    const drops = await this.dataSource.query<DropRow[]>(
      `${DROP_SELECT} WHERE d.state = ANY($1) AND ($2::uuid IS NULL OR d.collective_id = $2)
       ORDER BY d.starts_at, d.id LIMIT $3`,
      [MONITORED_STATES, collectiveId ?? null, MONITORED_DROPS_MAX],
    );
    return this.withLines(drops);
  }

  /** One drop with everything the live view shows; 404 for drafts and other collectives'. */
  async detail(
    dropId: string,
    options: { collectiveId?: string; expiringWithinSeconds: number },
  ): Promise<MonitoredDropDetail> {
    const [row] = await this.dataSource.query<DropRow[]>(
      `${DROP_SELECT} WHERE d.id = $1 AND d.state <> 'draft'
         AND ($2::uuid IS NULL OR d.collective_id = $2)`,
      [dropId, options.collectiveId ?? null],
    );
    if (!row) throw new MonitoredDropNotFoundError();
    const [drop] = await this.withLines([row]);
    const [expiring, waitingRoom, raffle, series] = await Promise.all([
      this.expiring(dropId, options.expiringWithinSeconds),
      this.waitingRoom(dropId),
      row.release_mode === 'raffle' ? this.raffle(drop) : Promise.resolve(null),
      this.series(row),
    ]);
    return { ...drop, expiring, waitingRoom, raffle, series };
  }

  /** The collective a drop belongs to, or undefined (for filtering streams). */
  async collectiveOf(dropId: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query<Array<{ collective_id: string }>>(
      `SELECT collective_id FROM drops WHERE id = $1`,
      [dropId],
    );
    return row?.collective_id;
  }

  private async withLines(drops: DropRow[]): Promise<MonitoredDrop[]> {
    if (drops.length === 0) return [];
    const ids = drops.map((d) => d.id);
    const [lines, gates] = await Promise.all([
      this.dataSource.query<LineRow[]>(
        `SELECT l.drop_id, l.variant_id, v.sku, v.label, l.quantity_allocated, l.held, l.sold
           FROM drop_lines l JOIN variants v ON v.id = l.variant_id
          WHERE l.drop_id = ANY($1) ORDER BY l.drop_id, v.sku`,
        [ids],
      ),
      Promise.all(ids.map((id) => this.gate.available(id))),
    ]);
    const gateOf = new Map(ids.map((id, i) => [id, gates[i]]));
    const readings = lines.flatMap((l) => {
      const gate = gateOf.get(l.drop_id);
      if (!gate) return [];
      const truth = l.quantity_allocated - l.held - l.sold;
      return [
        { dropId: l.drop_id, variantId: l.variant_id, drift: (gate[l.variant_id] ?? 0) - truth },
      ];
    });
    const since = await this.drift.observe(readings);
    return drops.map((d) => {
      const gate = gateOf.get(d.id);
      return {
        id: d.id,
        collectiveId: d.collective_id,
        collectiveSlug: d.collective_slug,
        collectiveName: d.collective_name,
        name: d.name,
        slug: d.slug,
        state: d.state,
        releaseMode: d.release_mode,
        startsAt: d.starts_at,
        endsAt: d.ends_at,
        openedAt: d.opened_at,
        holdSeconds: d.hold_seconds,
        gateReady: gate !== undefined,
        lines: lines
          .filter((l) => l.drop_id === d.id)
          .map((l) => lineFigures(l, gate, since.get(`${d.id}:${l.variant_id}`))),
      };
    });
  }

  private async expiring(
    dropId: string,
    withinSeconds: number,
  ): Promise<MonitoredDropDetail['expiring']> {
    const [totals] = await this.dataSource.query<
      Array<{ holds: number; units: number; overdue: number }>
    >(
      `SELECT count(*)::int AS holds, coalesce(sum(quantity), 0)::int AS units,
              count(*) FILTER (WHERE expires_at < now())::int AS overdue
         FROM holds
        WHERE drop_id = $1 AND status = 'active' AND expires_at <= now() + make_interval(secs => $2)`,
      [dropId, withinSeconds],
    );
    const soonest = await this.dataSource.query<
      Array<{ id: string; variant_id: string; quantity: number; expires_at: Date }>
    >(
      `SELECT id, variant_id, quantity, expires_at FROM holds
        WHERE drop_id = $1 AND status = 'active' AND expires_at <= now() + make_interval(secs => $2)
        ORDER BY expires_at, id LIMIT $3`,
      [dropId, withinSeconds, EXPIRING_HOLDS_LISTED],
    );
    return {
      withinSeconds,
      holds: totals?.holds ?? 0,
      units: totals?.units ?? 0,
      overdueHolds: totals?.overdue ?? 0,
      soonest: soonest.map((h) => ({
        holdId: h.id,
        variantId: h.variant_id,
        quantity: h.quantity,
        expiresAt: h.expires_at,
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
    const rows = await this.dataSource.query<Array<{ variant_id: string; entries: number }>>(
      `SELECT variant_id, count(*)::int AS entries FROM raffle_entries
        WHERE drop_id = $1 AND status NOT IN ('withdrawn', 'cancelled') GROUP BY variant_id`,
      [drop.id],
    );
    const entriesOf = new Map(rows.map((r) => [r.variant_id, r.entries]));
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
  private async series(row: DropRow): Promise<MonitoredDropDetail['series']> {
    const to = new Date();
    const opened = row.opened_at ?? row.starts_at;
    const from = new Date(Math.max(opened.getTime(), to.getTime() - SERIES_SECONDS_MAX * 1000));
    const points = await this.dataSource.query<SalesSecond[]>(
      `SELECT floor(extract(epoch FROM created_at - $2::timestamptz))::int AS second,
              coalesce(sum(quantity) FILTER (WHERE kind = 'hold'), 0)::int AS holds,
              coalesce(sum(quantity) FILTER (WHERE kind = 'sell'), 0)::int AS sales
         FROM inventory_movements
        WHERE drop_id = $1 AND created_at >= $2 AND kind IN ('hold', 'sell')
        GROUP BY 1 ORDER BY 1 LIMIT $3`,
      [row.id, from, SERIES_SECONDS_MAX + 1],
    );
    return { from, points };
  }
}

const DROP_SELECT = `
  SELECT d.id, d.collective_id, c.slug AS collective_slug, c.name AS collective_name, d.name,
         d.slug, d.state, d.release_mode, d.starts_at, d.ends_at, d.opened_at, d.hold_seconds
    FROM drops d JOIN collectives c ON c.id = d.collective_id`;
