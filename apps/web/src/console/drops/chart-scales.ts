/** The narrowest window the time axis shows, in seconds. */
export const MIN_WINDOW_SECONDS = 60;

/**
 * The x scale's range, given the range uPlot proposes (`min`, `max`) and the series' last second
 * (`lastSecond`): at least a minute from `min`, and never past the data otherwise. With a single
 * point uPlot proposes a day in its own time unit, which for timestamps in seconds is a thousand
 * days (uPlot 1.6 `autoScaleX`), so the axis read in years; a zoom keeps what it selected.
 */
export function timeWindow(min: number, max: number, lastSecond: number): [number, number] {
  return [min, Math.max(Math.min(max, lastSecond), min + MIN_WINDOW_SECONDS)];
}

/**
 * The y scale's range: from zero, so a busy second reads against none, and up to a whole number
 * a little above the highest point (at least one unit).
 */
export function unitsRange(max: number): [number, number] {
  return [0, Math.max(1, Math.ceil(max * 1.1))];
}
