// One bench/stall-probe.ts per CPU the bench pins to, and what they saw in a window of time: the
// stalls, and the CPU's speed second by second.
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { SpeedSecond } from './cpu-speed';
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

export interface StallProbes {
  pids: number[];
  /** Settles once every probe measures (its chases built and warm), or fails after a minute. */
  ready: Promise<void>;
  /** Stalls that began in [fromMs, toMs] (epoch ms) on any of `cpus`. */
  between(cpus: readonly number[], fromMs: number, toMs: number): Stall[];
  /** The seconds wholly inside [fromMs, toMs] on any of `cpus`: how fast the CPUs ran. */
  speedBetween(cpus: readonly number[], fromMs: number, toMs: number): SpeedSecond[];
}

/** Starts a probe on each of `cpus`; they stop with the bench's other processes. */
export function startStallProbes(
  cpus: readonly number[],
  options: { workDir: string; cwd: string; maxSeconds: number },
): StallProbes {
  const stalls: Stall[] = [];
  const speeds: SpeedSecond[] = [];
  const warm = new Set<number>();
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
        const [word, at, ...values] = line.split(' ');
        const [first, wideSpinUs, smallChaseNs, largeChaseNs] = values.map(Number);
        if (word === 'READY') warm.add(cpu);
        if (word === 'STALL') stalls.push({ cpu, at: Number(at), lateMs: first });
        if (word === 'SPIN') {
          speeds.push({
            cpu,
            second: Number(at),
            spinUs: first,
            wideSpinUs,
            smallChaseNs,
            largeChaseNs,
          });
        }
      },
    }),
  );
  const ready = (async () => {
    const deadline = Date.now() + 60_000;
    while (warm.size < cpus.length) {
      if (Date.now() > deadline) {
        throw new Error(
          `stall probes not ready after 60 s:\n${probes.map((p) => p.tail.join('\n')).join('\n')}`,
        );
      }
      await delay(100);
    }
  })();
  return {
    pids: probes.map((p) => p.pid),
    ready,
    between: (among, fromMs, toMs) =>
      stalls.filter((s) => among.includes(s.cpu) && s.at >= fromMs && s.at <= toMs),
    speedBetween: (among, fromMs, toMs) =>
      speeds.filter(
        (s) => among.includes(s.cpu) && s.second * 1000 >= fromMs && (s.second + 1) * 1000 <= toMs,
      ),
  };
}
