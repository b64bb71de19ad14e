// The live chart's time axis: a drop with a single busy second is drawn over a minute, not over
// the years uPlot's automatic range picks for a zero-width span; a longer series keeps its own.
import { describe, expect, it } from '@jest/globals';
import { MIN_WINDOW_SECONDS, timeWindow } from './time-window';

describe('the holds and sales chart time window', () => {
  const opening = Date.parse('2026-12-04T20:00:00Z') / 1000;

  it('widens a single second to a minute from that second', () => {
    expect(timeWindow(opening, opening)).toEqual([opening, opening + MIN_WINDOW_SECONDS]);
  });

  it('widens a short series to a minute from its first second', () => {
    expect(timeWindow(opening, opening + 5)).toEqual([opening, opening + 60]);
  });

  it('keeps a series longer than a minute as it is', () => {
    expect(timeWindow(opening, opening + 600)).toEqual([opening, opening + 600]);
  });
});
