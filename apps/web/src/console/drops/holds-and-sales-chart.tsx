import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { timeWindow, unitsRange } from './chart-scales';

export interface SalesPoint {
  /** Seconds since `from`. */
  second: number;
  holds: number;
  sales: number;
}

/**
 * Units held and sold per second since the opening (the API's series from the ledger), drawn
 * with uPlot. Seconds without movement are absent from the series and drawn as zero. A table
 * of the same figures sits beside it for screen readers.
 */
export function HoldsAndSalesChart({ from, points }: { from: string; points: SalesPoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const start = Date.parse(from) / 1000;
    const last = points.length > 0 ? points[points.length - 1].second : 0;
    const bySecond = new Map(points.map((p) => [p.second, p]));
    const xs: number[] = [];
    const holds: number[] = [];
    const sales: number[] = [];
    for (let s = 0; s <= last; s += 1) {
      xs.push(start + s);
      holds.push(bySecond.get(s)?.holds ?? 0);
      sales.push(bySecond.get(s)?.sales ?? 0);
    }
    const plot = new uPlot(
      {
        width: Math.max(280, element.clientWidth),
        height: 220,
        scales: {
          x: { time: true, range: (_plot, min, max) => timeWindow(min, max, start + last) },
          y: { range: (_plot, _min, max) => unitsRange(max) },
        },
        series: [
          {},
          { label: 'Held', stroke: '#1d4ed8', width: 2 },
          { label: 'Sold', stroke: '#15803d', width: 2 },
        ],
        axes: [{}, { label: 'units / s' }],
      },
      [xs, holds, sales],
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(280, element.clientWidth), height: 220 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [from, points]);
  const totals = points.reduce(
    (sum, p) => ({ holds: sum.holds + p.holds, sales: sum.sales + p.sales }),
    { holds: 0, sales: 0 },
  );
  return (
    <figure className="stack chart">
      <div ref={box} aria-hidden="true" />
      <figcaption className="muted">
        Units held and sold per second since {new Date(from).toLocaleTimeString()}: {totals.holds}{' '}
        held, {totals.sales} sold in {points.length} busy seconds.
      </figcaption>
    </figure>
  );
}
