// Clock skew between processes, as on a host whose clock drifted or was stepped. Every app process
// runs under libfaketime (LD_PRELOAD), which reads the process's offset from its own file and
// applies it to the wall clock (Date, the HTTP Date header, the timestamps Bull computes); the
// monotonic clock that timers and timeouts use stays true, as it does on a real host. A fault
// writes a new offset into one file, and that process's clock moves while it runs.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LIBRARY_CANDIDATES = [
  // The multi-threaded build: Node calls the clock from its libuv and V8 threads too.
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/faketime/libfaketimeMT.so.1',
];

/** Where libfaketime is (`CHAOS_LIBFAKETIME` overrides); throws with the fix when it is missing. */
export function libfaketime(): string {
  const candidates = process.env.CHAOS_LIBFAKETIME
    ? [process.env.CHAOS_LIBFAKETIME]
    : LIBRARY_CANDIDATES;
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `chaos: the clock-skew fault needs libfaketime (apt-get install faketime); looked in ${candidates.join(', ')}`,
    );
  }
  return found;
}

/** The offset as libfaketime reads it: "+2.5s", "-1.25s". */
export function offsetSpec(offsetMs: number): string {
  return `${offsetMs < 0 ? '-' : '+'}${Math.abs(offsetMs) / 1000}s`;
}

export class ProcessClocks {
  /** The offset each process's clock has now, by process name (`api-0`, `worker-1`). */
  readonly offsets = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly library = libfaketime(),
  ) {}

  /**
   * The environment that puts a process under its clock file. The file outlives the process, so
   * a process killed and started again keeps its host's clock, skewed or not.
   */
  env(name: string): NodeJS.ProcessEnv {
    const file = this.file(name);
    if (!this.offsets.has(name)) this.set(name, 0);
    return {
      LD_PRELOAD: this.library,
      FAKETIME_TIMESTAMP_FILE: file,
      // Re-read the file every second, so a skew applies within a second of being written.
      FAKETIME_CACHE_DURATION: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
  }

  set(name: string, offsetMs: number): void {
    writeFileSync(this.file(name), `${offsetSpec(offsetMs)}\n`);
    this.offsets.set(name, offsetMs);
  }

  private file(name: string): string {
    return join(this.dir, `clock-${name}.txt`);
  }
}

/**
 * The offset a process's clock shows, from the `Date` header of its answer against this
 * process's clock (the header has whole seconds, so it reads up to a second low).
 */
export async function observedOffsetMs(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    const header = response.headers.get('date');
    return header ? Date.parse(header) - Date.now() : undefined;
  } catch {
    return undefined;
  }
}
