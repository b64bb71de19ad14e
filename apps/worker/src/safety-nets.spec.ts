import { validateEnvironment } from '@limited-run/platform';
import { type SafetyNetSweep, safetyNetTimings } from './safety-nets';

/** The seconds of a minute at which each sweep starts, for timings whose interval divides it. */
function startsByMinuteSecond(
  timings: Record<SafetyNetSweep, { everyMs: number; phaseSeconds: number }>,
): Map<number, SafetyNetSweep[]> {
  const starts = new Map<number, SafetyNetSweep[]>();
  for (const [sweep, { everyMs, phaseSeconds }] of Object.entries(timings)) {
    const every = everyMs / 1000;
    expect(60 % every).toBe(0);
    for (let second = phaseSeconds % every; second < 60; second += every) {
      starts.set(second, [...(starts.get(second) ?? []), sweep as SafetyNetSweep]);
    }
  }
  return starts;
}

describe('safetyNetTimings', () => {
  const defaults = validateEnvironment({ DATABASE_URL: 'postgres://127.0.0.1/limited_run' });
  const config = { get: <K extends keyof typeof defaults>(key: K) => defaults[key] };

  it('takes each interval from its setting', () => {
    const timings = safetyNetTimings(config);
    expect(timings.holds.everyMs).toBe(defaults.HOLD_SWEEP_SECONDS * 1000);
    expect(timings.reconcile.everyMs).toBe(defaults.RECONCILE_SECONDS * 1000);
    expect(timings.drops.everyMs).toBe(defaults.DROP_SWEEP_SECONDS * 1000);
    expect(timings.raffles.everyMs).toBe(defaults.WAITLIST_SWEEP_SECONDS * 1000);
    expect(timings.waitlists.everyMs).toBe(defaults.WAITLIST_SWEEP_SECONDS * 1000);
    expect(Object.keys(timings).sort()).toEqual([
      'drops',
      'holds',
      'outbox',
      'paymentEvents',
      'raffles',
      'reconcile',
      'refunds',
      'waitlists',
    ]);
  });

  it('at the default intervals, starts at most two sweeps in any second of a minute', () => {
    const starts = startsByMinuteSecond(safetyNetTimings(config));
    const crowded = [...starts].filter(([, sweeps]) => sweeps.length > 2);
    expect(crowded).toEqual([]);
    // Every sweep starts somewhere: none was lost to the count.
    expect(new Set([...starts.values()].flat()).size).toBe(8);
  });
});
