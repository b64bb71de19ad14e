// A sleeper pinned to one CPU that says when it woke late, and how fast the CPU was: `node -r
// ts-node/register/transpile-only bench/stall-probe.ts <report ms> <max seconds>`, run under
// `taskset` (bench/support/stall-probes.ts starts it).
//
// A task that sleeps a few milliseconds is woken ahead of a CPU-bound one by the kernel's
// scheduler (two busy loops pinned beside it never made it 10 ms late in 30 s), so when it wakes
// many milliseconds late, the CPU was taken from everything on it (by the hypervisor, or the
// kernel), or several runnable tasks held it (Postgres's backends are not pinned). Either queues
// a server's requests as surely as a GC pause, and on this machine the first comes unannounced
// (no steal in /proc/stat).
//
// A virtual CPU can also run slower without stopping (a busy sibling hyperthread on the host, a
// lower clock), which shows nowhere in the guest either. So at each wake-up the probe also times
// a fixed loop of register arithmetic, ~10–20 µs, and reports each second's median.
//
// Output, one line each: `STALL <epoch ms when it was due> <ms late>` for a wake-up at least
// <report ms> late; `SPIN <epoch second> <median µs of that second's loops>`. The probe ends at
// SIGTERM, or by itself after <max seconds> (a bench that died cannot leave it behind).

/** ~200 wake-ups a second, ~20 µs each: under 0.5 % of the core being measured. */
const PERIOD_MS = 5;
const SPIN_ITERATIONS = 10_000;
const reportedMs = Number(process.argv[2]);
const maxSeconds = Number(process.argv[3]);
const endAt = performance.now() + maxSeconds * 1000;
let expected = performance.now() + PERIOD_MS;
let second = 0;
let spins: number[] = [];
let sink = 1;

/** xorshift32: nothing to allocate or load, so only the CPU's own speed times it. */
function spin(): number {
  let x = sink | 1;
  for (let i = 0; i < SPIN_ITERATIONS; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  sink = x;
  return x;
}

const wake = (): void => {
  const now = performance.now();
  const late = now - expected;
  if (late >= reportedMs) {
    process.stdout.write(
      `STALL ${(performance.timeOrigin + expected).toFixed(0)} ${late.toFixed(1)}\n`,
    );
  }
  const thisSecond = Math.floor((performance.timeOrigin + now) / 1000);
  if (thisSecond !== second) {
    if (spins.length > 0) {
      const sorted = spins.sort((a, b) => a - b);
      process.stdout.write(`SPIN ${second} ${sorted[sorted.length >> 1].toFixed(1)}\n`);
    }
    second = thisSecond;
    spins = [];
  }
  const before = performance.now();
  spin();
  spins.push((performance.now() - before) * 1000);
  if (now >= endAt) process.exit(0);
  expected = performance.now() + PERIOD_MS;
  setTimeout(wake, PERIOD_MS);
};
setTimeout(wake, PERIOD_MS);
process.on('SIGTERM', () => process.exit(0));
