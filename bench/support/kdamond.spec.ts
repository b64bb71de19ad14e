import { affinityList, kdamondText } from './kdamond';

describe('affinityList', () => {
  it("reads the CPU list out of taskset's answer", () => {
    expect(affinityList("pid 83's current affinity list: 0,1\n")).toBe('0,1');
    expect(affinityList("pid 83's current affinity list: 0-3\n")).toBe('0-3');
  });

  it('refuses an answer it does not understand', () => {
    expect(() => affinityList('taskset: failed to get pid 83')).toThrow(/unexpected taskset/);
  });
});

describe('kdamondText', () => {
  const kdamond = { pid: 83, sampleMs: 500, operations: 'paddr' };

  it('says where the monitor ran and how often it samples', () => {
    expect(kdamondText([kdamond], '1')).toBe(
      "The kernel's DAMON monitor (kdamond: pid 83, a pass every 500 ms (paddr)) moved to CPU 1 for the run (`taskset`), then put back.",
    );
    expect(kdamondText([{ pid: 90 }], undefined)).toBe(
      "The kernel's DAMON monitor (kdamond: pid 90) left where the kernel puts it (it also runs on the servers' CPUs).",
    );
  });

  it('says so when there is none', () => {
    expect(kdamondText([], '1')).toBe('No DAMON monitor (kdamond) runs on this machine.');
  });
});
