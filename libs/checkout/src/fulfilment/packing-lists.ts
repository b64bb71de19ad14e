import type { CollectiveRef } from '@limited-run/collectives';
import { DropAuthoringService } from '@limited-run/drops';
import { Injectable } from '@nestjs/common';
import { OrderViews } from '../orders/order-views';
import { addressLabelsCsv, packingListCsv } from './packing-csv';
import { groupForPacking, type PackingGroup, packingRow } from './packing-list';
import { addressLabelsPdf, packingListPdf } from './packing-pdf';

/** `open`: parcels still to send (unfulfilled, packed); `all`: every paid order not returned. */
export type PackingScope = 'open' | 'all';

const OPEN = ['unfulfilled', 'packed'];

/** The packing list and address labels of one of the collective's drops. */
@Injectable()
export class PackingLists {
  constructor(
    private readonly drops: DropAuthoringService,
    private readonly views: OrderViews,
  ) {}

  async csv(collective: CollectiveRef, dropId: string, scope: PackingScope): Promise<string> {
    return packingListCsv((await this.load(collective, dropId, scope)).groups);
  }

  async labelsCsv(collective: CollectiveRef, dropId: string, scope: PackingScope): Promise<string> {
    return addressLabelsCsv((await this.load(collective, dropId, scope)).groups);
  }

  async pdf(collective: CollectiveRef, dropId: string, scope: PackingScope): Promise<Buffer> {
    const { name, groups, asOf } = await this.load(collective, dropId, scope);
    return packingListPdf(name, groups, asOf);
  }

  async labelsPdf(collective: CollectiveRef, dropId: string, scope: PackingScope): Promise<Buffer> {
    const { name, groups, asOf } = await this.load(collective, dropId, scope);
    return addressLabelsPdf(name, groups, asOf);
  }

  private async load(
    collective: CollectiveRef,
    dropId: string,
    scope: PackingScope,
  ): Promise<{ name: string; groups: PackingGroup[]; asOf: Date }> {
    // Another collective's drop is as missing as no drop (DROP_NOT_FOUND).
    const view = await this.drops.get(collective.id, dropId);
    const rows = [];
    // The documents are dated by their data (the last payment listed, else the drop's start),
    // not by the clock, so the same orders give the same bytes (and the same PDF file id).
    let asOf = new Date(view.drop.startsAt);
    for await (const order of this.views.paidOfDrop(dropId)) {
      const status = order.fulfilment.status;
      if (status === 'returned') continue;
      if (scope === 'open' && !OPEN.includes(status)) continue;
      rows.push(packingRow(order));
      if (order.paidAt && order.paidAt > asOf) asOf = order.paidAt;
    }
    return { name: view.drop.name, groups: groupForPacking(rows), asOf };
  }
}
