/** The narrowest window the time axis shows, in seconds. */
export const MIN_WINDOW_SECONDS = 60;

/**
 * The x scale's range: the data's own, widened to at least a minute. uPlot widens a zero-width
 * time range (a drop with one busy second) by orders of magnitude, which drew the axis in years.
 */
export function timeWindow(min: number, max: number): [number, number] {
  return [min, Math.max(max, min + MIN_WINDOW_SECONDS)];
}
