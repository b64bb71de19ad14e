import { randomUUID } from 'node:crypto';
import {
  DropNotFoundError,
  type DropTerms,
  readDropTerms,
  VISIBLE_DROP_STATES,
} from '@limited-run/drops';
import { PlatformConfig } from '@limited-run/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { entriesStillOpen, FairnessService } from '../fairness/fairness.service';
import {
  NotInWaitingRoomError,
  NoWaitingRoomError,
  WaitingRoomClosedError,
} from '../admission.errors';
import { WaitlistScheduler } from '../waitlist-scheduler';
import { AdmissionTokens } from './admission-tokens';
import { type RoomStanding, WaitingRoom } from './waiting-room';

export const ROOM_STATUSES = [
  'pre_queue',
  'waiting',
  'admitted',
  'admission_expired',
  'sold_out',
  'closed',
] as const;
/**
 * - `pre_queue`: arrived before the opening; the place is drawn then.
 * - `waiting`: in line; `position` and `estimatedWaitSeconds` say how far.
 * - `admitted`: let in; hold with `admissionToken` before `admissionExpiresAt`.
 * - `admission_expired`: let in but did not hold in time; arriving again queues at the back.
 * - `sold_out`: nothing is left to hold; the place is kept in case units come back.
 * - `closed`: the drop is over.
 */
export type RoomStatus = (typeof ROOM_STATUSES)[number];

export interface RoomView {
  dropId: string;
  status: RoomStatus;
  /** The fan's public ticket id: their entry in the published queue proof. */
  ticket: string | null;
  /** 1-based place in line (`waiting` and `sold_out`). */
  position: number | null;
  /** Fans in the pre-queue (before the opening). */
  preQueueSize: number;
  /** Fans in line (after the opening). */
  waiting: number;
  estimatedWaitSeconds: number | null;
  opensAt: string;
  admitPerSecond: number;
  admissionToken: string | null;
  admissionExpiresAt: string | null;
}

/** The fan's side of a drop's waiting room: arriving, and asking where they stand. */
@Injectable()
export class RoomService {
  private readonly admitPerSecond: number;
  private readonly admissionMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly room: WaitingRoom,
    private readonly fairness: FairnessService,
    private readonly scheduler: WaitlistScheduler,
    private readonly tokens: AdmissionTokens,
    config: PlatformConfig,
  ) {
    this.admitPerSecond = config.get('WAITING_ROOM_ADMIT_PER_SECOND');
    this.admissionMs = config.get('WAITING_ROOM_ADMISSION_SECONDS') * 1000;
  }

  /**
   * Enters the room of a `first_come` drop that is scheduled or live. Before the opening, the
   * drop's commitment is made first (in Postgres), so it precedes every pre-queue entry.
   */
  async join(userId: string, dropId: string): Promise<RoomView> {
    const drop = await this.roomDrop(dropId);
    if (drop.state !== 'scheduled' && drop.state !== 'live') {
      throw new WaitingRoomClosedError(`the drop is ${drop.state}`);
    }
    // The first arrival makes the commitment (committed before it enters), so every later one
    // finds it in place: no Postgres write per arrival.
    if (entriesStillOpen(drop) && (await this.room.phase(dropId)) === null) {
      await this.dataSource.transaction((manager) =>
        this.fairness.ensureCommitment(manager, dropId, 'queue'),
      );
    }
    const joined = await this.room.join(
      dropId,
      userId,
      randomUUID(),
      drop.startsAt,
      this.admissionMs,
    );
    if (joined.where === 'closed') throw new WaitingRoomClosedError('the drop is over');
    if (joined.created) await this.scheduler.scheduleRoomOpening(dropId, drop.startsAt);
    return this.view(drop, await this.room.standing(dropId, userId), userId);
  }

  async me(userId: string, dropId: string): Promise<RoomView> {
    const drop = await this.roomDrop(dropId);
    return this.view(drop, await this.room.standing(dropId, userId), userId);
  }

  /** The view from a standing already read (the stream recomputes it on every change). */
  async current(userId: string, dropId: string, opensAt: Date): Promise<RoomView | null> {
    const standing = await this.room.standing(dropId, userId);
    if (standing.phase === null || standing.place === 'absent') return null;
    return this.describe(dropId, opensAt, standing, userId);
  }

  /** A visible `first_come` drop, or 404/409. */
  async roomDrop(dropId: string): Promise<DropTerms> {
    const drop = await readDropTerms(this.dataSource, dropId);
    if (!drop || !VISIBLE_DROP_STATES.includes(drop.state)) throw new DropNotFoundError();
    if (drop.releaseMode !== 'first_come') throw new NoWaitingRoomError();
    return drop;
  }

  private view(drop: DropTerms, standing: RoomStanding, userId: string): RoomView {
    if (standing.phase === null || standing.place === 'absent') throw new NotInWaitingRoomError();
    return this.describe(drop.id, drop.startsAt, standing, userId);
  }

  private describe(
    dropId: string,
    opensAt: Date,
    standing: RoomStanding,
    userId: string,
  ): RoomView {
    const base: RoomView = {
      dropId,
      status: 'waiting',
      ticket: standing.ticket,
      position: null,
      preQueueSize: standing.preCount,
      waiting: standing.queueCount,
      estimatedWaitSeconds: null,
      opensAt: opensAt.toISOString(),
      admitPerSecond: this.admitPerSecond,
      admissionToken: null,
      admissionExpiresAt: null,
    };
    if (standing.phase === 'closed') return { ...base, status: 'closed' };
    if (standing.place === 'pre') return { ...base, status: 'pre_queue' };
    if (standing.place === 'admitted' && standing.admittedAt !== null) {
      const expiresAt = new Date(standing.admittedAt + this.admissionMs);
      if (expiresAt.getTime() <= Date.now()) return { ...base, status: 'admission_expired' };
      return {
        ...base,
        status: 'admitted',
        admissionToken: this.tokens.sign(dropId, userId, expiresAt),
        admissionExpiresAt: expiresAt.toISOString(),
      };
    }
    // Until the pre-queue's order is installed, late arrivals stand behind all of it.
    const ahead = (standing.rank ?? 0) + (standing.phase === 'open' ? 0 : standing.preCount);
    const position = ahead + 1;
    if (standing.soldOut) return { ...base, status: 'sold_out', position };
    return {
      ...base,
      status: 'waiting',
      position,
      estimatedWaitSeconds: Math.ceil(position / this.admitPerSecond),
    };
  }
}
