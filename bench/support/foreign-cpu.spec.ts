import {
  ASIDE_BURST_MS,
  burstsText,
  FOREIGN_BURST_MS,
  type ForeignSecond,
  foreignBetween,
  foreignBursts,
  foreignLine,
  type Owner,
  owners,
  parseForeignLine,
} from './foreign-cpu';
import type { ProcStat } from './proc-cpu';

const reading = (...processes: ProcStat[]): Map<number, ProcStat> =>
  new Map(processes.map((p) => [p.pid, p]));
const proc = (
  pid: number,
  ppid: number,
  comm: string,
  ticks: number,
  childTicks = 0,
): ProcStat => ({ pid, ppid, comm, ticks, childTicks });

describe('owners', () => {
  const roots = new Map<number, Exclude<Owner, 'foreign'>>([
    [100, 'ours'],
    [83, 'aside'],
    [3026, 'aside'],
  ]);
  const processes = reading(
    proc(1, 0, 'systemd', 0),
    proc(2, 0, 'kthreadd', 0),
    proc(83, 2, 'kdamond.0', 0),
    proc(40, 2, 'kworker/0:1', 0),
    proc(99, 1, 'bash', 0),
    proc(100, 99, 'node', 0),
    proc(101, 100, 'node', 0),
    proc(102, 101, 'wrk', 0),
    proc(3014, 1, 'beam.smp', 0),
    proc(3026, 3014, 'erl_child_setup', 0),
    proc(3181, 3026, 'sh', 0),
  );

  it("gives each process its nearest listed ancestor's owner, else foreign", () => {
    const owner = owners(processes, roots);
    expect([101, 102, 100].map((pid) => owner.get(pid))).toEqual(['ours', 'ours', 'ours']);
    expect([83, 3026, 3181].map((pid) => owner.get(pid))).toEqual(['aside', 'aside', 'aside']);
    // The bench's parent, RabbitMQ itself and other kernel threads are someone else's.
    expect([99, 3014, 40, 1, 2].map((pid) => owner.get(pid))).toEqual([
      'foreign',
      'foreign',
      'foreign',
      'foreign',
      'foreign',
    ]);
  });
});

describe('foreignBetween', () => {
  const roots = new Map<number, Exclude<Owner, 'foreign'>>([
    [100, 'ours'],
    [3026, 'aside'],
  ]);
  const interval = { fromMs: 1_000, toMs: 2_000 };

  it('counts what foreign processes used, apart from ours and those set aside, by name', () => {
    const before = reading(
      proc(1, 0, 'systemd', 50),
      proc(100, 1, 'node', 1_000),
      proc(3014, 1, 'beam.smp', 400),
      proc(3026, 3014, 'erl_child_setup', 5),
      proc(500, 1, 'mariadbd', 70),
    );
    const after = reading(
      proc(1, 0, 'systemd', 50),
      proc(100, 1, 'node', 1_090),
      proc(3014, 1, 'beam.smp', 402),
      // The epmd check's VM started and ended in between: its 31 ticks are in its parent's.
      proc(3026, 3014, 'erl_child_setup', 36, 31),
      proc(500, 1, 'mariadbd', 78),
      // Born in between: all its ticks are of this second.
      proc(700, 1, 'process_api', 4),
    );
    expect(foreignBetween(before, after, roots, interval, 100)).toEqual({
      fromMs: 1_000,
      toMs: 2_000,
      foreignMs: 140,
      asideMs: 310,
      top: [
        { comm: 'mariadbd', ms: 80 },
        { comm: 'process_api', ms: 40 },
        { comm: 'beam.smp', ms: 20 },
      ],
    });
  });

  it("keeps a foreign child's ticks when its foreign parent reaps it", () => {
    const before = reading(proc(600, 1, 'cron', 10), proc(601, 600, 'sh', 25));
    // The child used 5 more ticks, ended, and its 30 moved into its parent's cutime.
    const after = reading(proc(600, 1, 'cron', 10 + 30, 30));
    const second = foreignBetween(before, after, roots, interval, 100);
    expect(second.foreignMs).toBe(50);
    expect(second.top).toEqual([{ comm: 'cron', ms: 50 }]);
  });

  it("lets an ended process's time go when no ancestor waited for it", () => {
    // kthreadd never waits: an old kernel worker that ends takes its 500 ticks with it, and must
    // not hide the 30 that RabbitMQ used meanwhile.
    const before = reading(
      proc(2, 0, 'kthreadd', 0),
      proc(41, 2, 'kworker/0:2', 500),
      proc(3014, 1, 'beam.smp', 400),
    );
    const after = reading(proc(2, 0, 'kthreadd', 0), proc(3014, 1, 'beam.smp', 430));
    expect(foreignBetween(before, after, roots, interval, 100)).toMatchObject({
      foreignMs: 300,
      top: [{ comm: 'beam.smp', ms: 300 }],
    });
  });
});

describe("the probe's lines", () => {
  const second: ForeignSecond = {
    fromMs: 1_764_998_400_002,
    toMs: 1_764_998_401_003,
    foreignMs: 310,
    asideMs: 20,
    top: [
      { comm: 'beam.smp', ms: 290 },
      { comm: 'kworker/0:1 x', ms: 20 },
    ],
  };

  it('round-trip, names with spaces made safe', () => {
    const line = foreignLine(second);
    expect(line).toBe('FOREIGN 1764998400002 1764998401003 310 20 beam.smp=290,kworker/0:1_x=20');
    expect(parseForeignLine(line)).toEqual({
      ...second,
      top: [
        { comm: 'beam.smp', ms: 290 },
        { comm: 'kworker/0:1_x', ms: 20 },
      ],
    });
    expect(parseForeignLine(foreignLine({ ...second, top: [] }))?.top).toEqual([]);
    expect(parseForeignLine('SPIN 1 2 3 4 5')).toBeUndefined();
  });

  it('mark the seconds with a burst, foreign or set aside, and say who', () => {
    const quiet = { ...second, foreignMs: FOREIGN_BURST_MS - 10, asideMs: 60, top: [] };
    const epmdCheck = { ...quiet, asideMs: ASIDE_BURST_MS };
    expect(foreignBursts([quiet, second, epmdCheck])).toEqual([second, epmdCheck]);
    expect(burstsText(foreignBursts([quiet, second, epmdCheck]))).toBe(
      '310 ms at 05:20:00 (beam.smp 290, kworker/0:1 x 20); 90 ms at 05:20:00 (no process, set aside 150 ms)',
    );
    expect(burstsText([])).toBe('none');
  });
});
