import { rows } from '@limited-run/platform';
import type { DataSource, EntityManager } from 'typeorm';
import type { DropState, ReleaseMode } from './drop.entity';

// The drops library's list readers for the sweeps of the contexts that sell drops (raffles'
// draws and pass-downs, second chance): which drops to look at, judged by the database clock.
// The consumer narrows the list by its own tables and applies its limit.

/** Raffles still on sale whose entry cutoff has passed, earliest cutoff first. */
export async function rafflesPastEntryCutoff(on: EntityManager | DataSource): Promise<string[]> {
  const found = await rows<{ id: string }>(
    on,
    `SELECT id FROM drops
      WHERE release_mode = 'raffle' AND state IN ('scheduled', 'live') AND entry_closes_at <= now()
      ORDER BY entry_closes_at`,
    [],
  );
  return found.map((row) => row.id);
}

/** A raffle still on sale, with what its lines have left to give. */
export interface RaffleOnSale {
  id: string;
  state: DropState;
  /** Some line has units neither held nor sold. */
  freeUnits: boolean;
  /** No line has a unit held or free: nothing is left to give. */
  nothingLeft: boolean;
}

/** Every raffle still on sale (scheduled or live), in no particular order. */
export async function rafflesOnSale(on: EntityManager | DataSource): Promise<RaffleOnSale[]> {
  const found = await rows<{
    id: string;
    state: DropState;
    free_units: boolean;
    nothing_left: boolean;
  }>(
    on,
    `SELECT d.id, d.state,
            EXISTS (SELECT 1 FROM drop_lines l
                     WHERE l.drop_id = d.id AND l.held + l.sold < l.quantity_allocated) AS free_units,
            NOT EXISTS (SELECT 1 FROM drop_lines l
                         WHERE l.drop_id = d.id
                           AND (l.held > 0 OR l.held + l.sold < l.quantity_allocated)) AS nothing_left
       FROM drops d
      WHERE d.release_mode = 'raffle' AND d.state IN ('scheduled', 'live')`,
    [],
  );
  return found.map((row) => ({
    id: row.id,
    state: row.state,
    freeUnits: row.free_units,
    nothingLeft: row.nothing_left,
  }));
}

/** Live drops sold in one of these release modes, in no particular order. */
export async function liveDropIds(
  on: EntityManager | DataSource,
  modes: readonly ReleaseMode[],
): Promise<string[]> {
  const found = await rows<{ id: string }>(
    on,
    `SELECT id FROM drops WHERE state = 'live' AND release_mode = ANY($1::text[])`,
    [[...modes]],
  );
  return found.map((row) => row.id);
}
