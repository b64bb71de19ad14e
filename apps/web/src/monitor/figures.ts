import type { MonitorDrop } from './hooks/monitor';

export const sellThrough = (drop: Pick<MonitorDrop, 'sold' | 'allocated'>): number =>
  drop.allocated > 0 ? drop.sold / drop.allocated : 0;

/** The largest disagreement between the gate and Postgres on any line, in units. */
export const worstDrift = (drop: Pick<MonitorDrop, 'lines'>): number =>
  drop.lines.reduce((worst, line) => Math.max(worst, Math.abs(line.drift ?? 0)), 0);

export const percent = (ratio: number): string => `${Math.round(ratio * 100)}%`;
