import { liveDropIds } from '@limited-run/drops';
import { REDIS } from '@limited-run/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AdmissionGate } from './admission-gate';
import { admissionKeys } from './admission-keys';
import { InventoryCounters } from './inventory-counters';

export type RepairAction = 'none' | 'lowered' | 'raised' | 'watching';

export interface LineDrift {
  variantId: string;
  gate: number;
  truth: number;
  action: RepairAction;
}

export interface DropReconciliation {
  dropId: string;
  /** The gate had no counters (Redis lost them); they were rebuilt from Postgres. */
  rebuilt: boolean;
  lines: LineDrift[];
}

/**
 * Compares each live drop's admission counters with Postgres and repairs them.
 *
 * A gate more generous than the truth is trimmed at once: that is the safe direction (Postgres
 * would refuse the extra admissions anyway). A gate short of the truth may just be watching
 * requests in flight (admitted, not yet committed), so it is raised only if the same shortfall
 * was already there one run earlier: a give-back lost to a crash then sells again, and a
 * request in flight is never double counted.
 */
@Injectable()
export class Reconciliation {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly gate: AdmissionGate,
    private readonly counters: InventoryCounters,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(Reconciliation.name);
  }

  async reconcileLiveDrops(): Promise<DropReconciliation[]> {
    const reports: DropReconciliation[] = [];
    for (const id of await liveDropIds(this.dataSource)) reports.push(await this.reconcile(id));
    return reports;
  }

  async reconcile(dropId: string): Promise<DropReconciliation> {
    const gate = await this.gate.available(dropId);
    if (!gate) {
      await this.counters.rebuild(dropId);
      this.logger.warn({ dropId }, 'admission counters were missing; rebuilt from Postgres');
      return { dropId, rebuilt: true, lines: [] };
    }
    const truth = await this.counters.available(dropId);
    const driftKey = admissionKeys(dropId).drift;
    const earlier = await this.redis.hgetall(driftKey);
    const shortfalls: Record<string, string> = {};
    const lines: LineDrift[] = [];
    for (const [variantId, truthAvailable] of Object.entries(truth)) {
      const gateAvailable = gate[variantId] ?? 0;
      const excess = gateAvailable - truthAvailable;
      let action: RepairAction = 'none';
      if (excess > 0) {
        await this.gate.adjust(dropId, variantId, -excess);
        action = 'lowered';
      } else if (excess < 0) {
        const shortfall = -excess;
        const seenBefore = Number(earlier[variantId] ?? 0);
        if (seenBefore > 0) {
          await this.gate.adjust(dropId, variantId, Math.min(seenBefore, shortfall));
          action = 'raised';
        } else {
          shortfalls[variantId] = String(shortfall);
          action = 'watching';
        }
      }
      lines.push({ variantId, gate: gateAvailable, truth: truthAvailable, action });
    }
    const write = this.redis.multi().del(driftKey);
    if (Object.keys(shortfalls).length > 0) write.hset(driftKey, shortfalls).expire(driftKey, 3600);
    await write.exec();
    const drifted = lines.filter((line) => line.action !== 'none');
    if (drifted.length > 0) {
      this.logger.warn({ dropId, drift: drifted }, 'admission counters drifted from Postgres');
    }
    return { dropId, rebuilt: false, lines };
  }
}
