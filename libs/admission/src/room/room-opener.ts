import { lineStock, readDropTerms } from '@limited-run/drops';
import { drawProof } from '@limited-run/fairness';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { FairnessService } from '../fairness/fairness.service';
import { lockDrop } from '../sql';
import { WaitingRoom } from './waiting-room';

export type RoomOpening = 'opened' | 'not-due' | 'no-room' | 'already-open' | 'closed';

/**
 * The opening of a waiting room: freezes the pre-queue, draws its order with the drop's
 * committed seed (the same rule and proof as a raffle, kind `queue`), stores the proof, and
 * puts the fans in line in that order ahead of everyone who arrives later. Safe to repeat: a
 * retry after a crash finds the stored draw and installs the same order.
 */
@Injectable()
export class RoomOpener {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly room: WaitingRoom,
    private readonly fairness: FairnessService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RoomOpener.name);
  }

  async open(dropId: string): Promise<RoomOpening> {
    const phase = await this.room.phase(dropId);
    if (phase === null) return 'no-room';
    if (phase === 'open') return 'already-open';
    if (phase === 'closed') return 'closed';
    const drop = await readDropTerms(this.dataSource, dropId);
    if (!drop || drop.releaseMode !== 'first_come' || !['scheduled', 'live'].includes(drop.state)) {
      await this.room.close(dropId);
      await this.room.announce(dropId, { closed: true });
      return 'closed';
    }
    if (drop.now < drop.startsAt) return 'not-due';

    const frozen = await this.room.freeze(dropId);
    if (frozen.phase !== 'shuffling') return frozen.phase === 'open' ? 'already-open' : 'no-room';
    const order = await this.draw(dropId, frozen.tickets);
    await this.room.open(dropId, order);
    await this.room.announce(dropId, { opened: true });
    this.logger.info({ dropId, preQueue: order.length }, 'waiting room opened');
    return 'opened';
  }

  /** The drawn order of the pre-queue's tickets, drawing and storing it the first time. */
  private async draw(dropId: string, tickets: string[]): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      await lockDrop(manager, 'room-open', dropId);
      const stored = await this.fairness.drawn(manager, dropId);
      if (stored?.kind === 'queue' && stored.result) return stored.result.order;
      const row = await this.fairness.lock(manager, dropId, 'update');
      if (!row || row.kind !== 'queue') {
        // Nobody arrived before the opening (the first arrival makes the commitment): no draw.
        if (tickets.length > 0) {
          this.logger.error(
            { dropId },
            'pre-queue without a commitment; admitting in arrival order',
          );
        }
        return tickets;
      }
      const units = Object.fromEntries(
        (await lineStock(manager, dropId)).map((line) => [line.variantId, line.available]),
      );
      const [{ now }] = await manager.query<Array<{ now: Date }>>('SELECT now() AS now');
      const proof = drawProof({
        kind: 'queue',
        dropId,
        seed: row.seed,
        entries: tickets.map((id) => ({ id })),
        units,
        drawnAt: new Date(now),
      });
      const result = proof.result!;
      await this.fairness.recordDraw(manager, dropId, {
        entryCount: proof.entryCount!,
        entryListHash: proof.entryListHash!,
        entries: proof.entries!,
        result,
        drawnAt: new Date(now),
      });
      return result.order;
    });
  }
}
