// One bench/stall-probe.ts per CPU the bench pins to, and what they saw in a window of time: the
// stalls, and the CPU's speed second by second.
import { join } from 'node:path';
import { childEnvironment } from './environment';
import { type Started, startProcess, TS_NODE } from './processes';

/** Lateness worth reporting; shorter is the kernel's own scheduling (a CPU-bound task's slice). */
export const STALL_REPORTED_MS = 8;

export interface Stall {
  cpu: number;
  /** When the probe was due to wake (epoch ms). */
  at: number;
  lateMs: number;
}

/** One second of a probe's timed loop: the median µs its loops took (more is slower). */
export interface SpinSecond {
  cpu: number;
  second: number;
  us: number;
}

export interface StallProbes {
  pids: number[];
  /** Stalls that began in [fromMs, toMs] (epoch ms) on any of `cpus`. */
  between(cpus: readonly number[], fromMs: number, toMs: number): Stall[];
  /** The seconds wholly inside [fromMs, toMs] on any of `cpus`. */
  spinsBetween(cpus: readonly number[], fromMs: number, toMs: number): SpinSecond[];
}

/** Starts a probe on each of `cpus`; they stop with the bench's other processes. */
export function startStallProbes(
  cpus: readonly number[],
  options: { workDir: string; cwd: string; maxSeconds: number },
): StallProbes {
  const stalls: Stall[] = [];
  const spins: SpinSecond[] = [];
  const probes: Started[] = cpus.map((cpu) =>
    startProcess({
      name: `stall-probe-${cpu}`,
      cpus: String(cpu),
      args: [
        ...TS_NODE,
        join(__dirname, '../stall-probe.ts'),
        String(STALL_REPORTED_MS),
        String(options.maxSeconds),
      ],
      env: childEnvironment({}),
      cwd: options.cwd,
      logFile: join(options.workDir, `stall-probe-cpu${cpu}.log`),
      onLine: (line) => {
        const [word, at, value] = line.split(' ');
        if (word === 'STALL') stalls.push({ cpu, at: Number(at), lateMs: Number(value) });
        if (word === 'SPIN') spins.push({ cpu, second: Number(at), us: Number(value) });
      },
    }),
  );
  return {
    pids: probes.map((p) => p.pid),
    between: (among, fromMs, toMs) =>
      stalls.filter((s) => among.includes(s.cpu) && s.at >= fromMs && s.at <= toMs),
    spinsBetween: (among, fromMs, toMs) =>
      spins.filter(
        (s) => among.includes(s.cpu) && s.second * 1000 >= fromMs && (s.second + 1) * 1000 <= toMs,
      ),
  };
}
