// The live chart's time axis: a drop with a single busy second is drawn over a minute, not over
// the thousand days uPlot proposes for a single point in seconds; a longer series keeps its own
// span, and a zoom keeps what it selected. Units per second are drawn from zero.
import { describe, expect, it } from '@jest/globals';
import { MIN_WINDOW_SECONDS, timeWindow, unitsRange } from './chart-scales';

describe('the holds and sales chart time window', () => {
  const opening = Date.parse('2026-12-04T20:00:00Z') / 1000;
  /** What uPlot 1.6 proposes for one point on a time scale in seconds: 86,400 / 1e-3. */
  const UPLOT_SINGLE_POINT_SPAN = 86_400_000;

  it('draws a single busy second over a minute from that second', () => {
    expect(timeWindow(opening, opening + UPLOT_SINGLE_POINT_SPAN, opening)).toEqual([
      opening,
      opening + MIN_WINDOW_SECONDS,
    ]);
  });

  it('widens a short series to a minute from its first second', () => {
    expect(timeWindow(opening, opening + 5, opening + 5)).toEqual([opening, opening + 60]);
  });

  it('keeps a series longer than a minute as it is', () => {
    expect(timeWindow(opening, opening + 600, opening + 600)).toEqual([opening, opening + 600]);
  });

  it('keeps a zoomed range inside the series', () => {
    expect(timeWindow(opening + 100, opening + 400, opening + 600)).toEqual([
      opening + 100,
      opening + 400,
    ]);
  });

  it('draws units per second from zero, a little above the highest point', () => {
    expect(unitsRange(4)).toEqual([0, 5]);
    expect(unitsRange(0)).toEqual([0, 1]);
    expect(unitsRange(40)).toEqual([0, 44]);
  });
});
