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
// a fixed loop of register arithmetic, ~10–20 µs, and reports each second's median. Whole rounds
// have run at ~0.6× speed while that loop kept its time (docs/benchmarks.md, twelfth session),
// so what slowed is something it does not use. Three suspects, one loop each: memory, shared
// with the host's other guests, and the translation of addresses (under a hypervisor a TLB miss
// walks two sets of page tables): every twentieth wake-up it follows two random cycles of
// pointers, each step a load that waits for the one before, a small one whose pages all fit the
// TLB and a large one where nearly every step also misses it. And the execution units, which a
// sibling hyperthread shares: the first loop is one chain of dependent steps, which such a
// sibling barely slows, so each wake-up also times eight chains side by side, which it would.
//
// Output, one line each: `READY` once the chases are warm; `STALL <epoch ms when it was due> <ms
// late>` for a wake-up at least <report ms> late; `SPIN <epoch second> <median µs of that
// second's loops> <of its wide loops> <median ns per step of the small chase> <of the large
// one>`. The probe ends at SIGTERM, or by itself after <max seconds> (a bench that died
// cannot leave it behind).

/**
 * ~200 wake-ups a second, ~35 µs each (both loops), and ten pairs of chases, ~300 µs a pair:
 * about 1 % of the core being measured.
 */
const PERIOD_MS = 5;
const SPIN_ITERATIONS = 10_000;
/** Eight chains of 2,500 steps: twice the steps of `spin`, in about the same time. */
const WIDE_SPIN_ITERATIONS = 2_500;
const CHASE_EVERY = 20;
const CHASE_STEPS = 500;
/**
 * 256 KB (64 pages of 4 KB): chased in a tight loop it stays in the caches (~5 ns a step here),
 * but 100 ms of a busy server between two chases evict it, so a step is ~130 ns, a trip to memory.
 * 128 MB: a trip to memory and, on most steps, a page walk as well (~350 ns even in a tight loop).
 */
const SMALL_CHASE_ENTRIES = 1 << 16;
const LARGE_CHASE_ENTRIES = 1 << 25;
const reportedMs = Number(process.argv[2]);
const maxSeconds = Number(process.argv[3]);
let second = 0;
let wakeUps = 0;
let spins: number[] = [];
let wideSpins: number[] = [];
let smallChases: number[] = [];
let largeChases: number[] = [];
let sink = 1;

/** One random cycle through every entry (Sattolo's shuffle), so no step is predictable. */
function randomCycle(entries: number): Int32Array {
  const next = new Int32Array(entries);
  for (let i = 0; i < entries; i++) next[i] = i;
  for (let i = entries - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * i);
    const t = next[i];
    next[i] = next[j];
    next[j] = t;
  }
  return next;
}

const smallCycle = randomCycle(SMALL_CHASE_ENTRIES);
const largeCycle = randomCycle(LARGE_CHASE_ENTRIES);
let smallAt = 0;
let largeAt = 0;

/** Follows `CHASE_STEPS` pointers from `from`: each load waits for the one before. */
function chase(cycle: Int32Array, from: number): number {
  let at = from;
  for (let i = 0; i < CHASE_STEPS; i++) at = cycle[at];
  return at;
}

/** ns per step of a chase from where the last one stopped (fresh lines, not the last ones). */
function timeChase(cycle: Int32Array, from: number): { ns: number; at: number } {
  const before = performance.now();
  const at = chase(cycle, from);
  return { ns: ((performance.now() - before) * 1e6) / CHASE_STEPS, at };
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1];

// Compiled and the cycles' pages mapped before the first measured chase: the first chases of a
// fresh probe took ~5 µs a step.
for (let i = 0; i < 200; i++) {
  smallAt = chase(smallCycle, smallAt);
  largeAt = chase(largeCycle, largeAt);
}
process.stdout.write('READY\n');
const endAt = performance.now() + maxSeconds * 1000;
let expected = performance.now() + PERIOD_MS;

/**
 * xorshift32: nothing to allocate or load, so only the CPU's own speed times it. One chain, each
 * step waiting for the one before: it takes the same time whatever else shares the core's
 * execution units (a busy sibling hyperthread on the host), which `wideSpin` does not.
 */
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

/**
 * Eight xorshift chains side by side: the CPU runs their steps in parallel, as it runs a server's
 * code, so this one slows when a sibling hyperthread on the host takes the execution units.
 * Written out in eight locals: an array would add loads and stores to what is timed.
 */
function wideSpin(): number {
  let a = sink | 1;
  let b = a ^ 0x9e3779b9;
  let c = a ^ 0x85ebca6b;
  let d = a ^ 0xc2b2ae35;
  let e = a ^ 0x27d4eb2f;
  let f = a ^ 0x165667b1;
  let g = a ^ 0xd3a2646c;
  let h = a ^ 0xfd7046c5;
  for (let i = 0; i < WIDE_SPIN_ITERATIONS; i++) {
    a ^= a << 13;
    b ^= b << 13;
    c ^= c << 13;
    d ^= d << 13;
    e ^= e << 13;
    f ^= f << 13;
    g ^= g << 13;
    h ^= h << 13;
    a ^= a >>> 17;
    b ^= b >>> 17;
    c ^= c >>> 17;
    d ^= d >>> 17;
    e ^= e >>> 17;
    f ^= f >>> 17;
    g ^= g >>> 17;
    h ^= h >>> 17;
    a ^= a << 5;
    b ^= b << 5;
    c ^= c << 5;
    d ^= d << 5;
    e ^= e << 5;
    f ^= f << 5;
    g ^= g << 5;
    h ^= h << 5;
  }
  sink = a ^ b ^ c ^ d ^ e ^ f ^ g ^ h;
  return sink;
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
    if (spins.length > 0 && smallChases.length > 0) {
      process.stdout.write(
        `SPIN ${second} ${median(spins).toFixed(1)} ${median(wideSpins).toFixed(1)} ${median(smallChases).toFixed(1)} ${median(largeChases).toFixed(1)}\n`,
      );
    }
    second = thisSecond;
    spins = [];
    wideSpins = [];
    smallChases = [];
    largeChases = [];
  }
  const before = performance.now();
  spin();
  spins.push((performance.now() - before) * 1000);
  const beforeWide = performance.now();
  wideSpin();
  wideSpins.push((performance.now() - beforeWide) * 1000);
  if (++wakeUps % CHASE_EVERY === 0) {
    const small = timeChase(smallCycle, smallAt);
    const large = timeChase(largeCycle, largeAt);
    smallChases.push(small.ns);
    largeChases.push(large.ns);
    smallAt = small.at;
    largeAt = large.at;
  }
  if (now >= endAt) process.exit(0);
  expected = performance.now() + PERIOD_MS;
  setTimeout(wake, PERIOD_MS);
};
setTimeout(wake, PERIOD_MS);
process.on('SIGTERM', () => process.exit(0));
