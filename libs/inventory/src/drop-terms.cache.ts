import { type DropTerms as DropsTerms, lineVariantIds, readDropTerms } from '@limited-run/drops';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * What the hold path needs to know about a drop, besides its stock: the drops library's
 * `DropTerms` (state, limit, hold seconds, release mode, early access …) and the variants it
 * sells.
 */
export type DropTerms = DropsTerms & { variantIds: ReadonlySet<string> };

const FRESH_MS = 1000;

/**
 * A per-process, one-second memo of each drop's terms, so the hot path reads Postgres about
 * once a second per drop and process rather than once per request. Only a cache: a state
 * change reaches the gate within a second, and the truth gate re-checks `state = 'live'` in
 * the same statement that takes the units.
 */
@Injectable()
export class DropTermsCache {
  private readonly entries = new Map<string, { at: number; terms: Promise<DropTerms | null> }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get(dropId: string): Promise<DropTerms | null> {
    // The monotonic clock: a wall clock stepped back would keep stale terms fresh that long.
    const now = performance.now();
    const cached = this.entries.get(dropId);
    if (cached && now - cached.at < FRESH_MS) return cached.terms;
    // One query in flight per drop: concurrent requests share it.
    const terms = this.load(dropId).catch((error: unknown) => {
      this.entries.delete(dropId);
      throw error;
    });
    this.entries.set(dropId, { at: now, terms });
    if (this.entries.size > 10_000) this.evictStale(now);
    return terms;
  }

  private async load(dropId: string): Promise<DropTerms | null> {
    const drop = await readDropTerms(this.dataSource, dropId);
    if (!drop) return null;
    return { ...drop, variantIds: new Set(await lineVariantIds(this.dataSource, dropId)) };
  }

  private evictStale(now: number): void {
    for (const [id, entry] of this.entries) if (now - entry.at >= FRESH_MS) this.entries.delete(id);
  }
}
