import { kdamondText } from './kdamond';

describe('kdamondText', () => {
  const kdamond = { pid: 83, sampleMs: 500, operations: 'paddr' };

  it('says where the monitor ran and how often it samples', () => {
    expect(kdamondText([kdamond], '1')).toBe(
      "The kernel's DAMON monitor (kdamond: pid 83, a pass every 500 ms (paddr)) moved to CPU 1 and set to SCHED_IDLE for the run (`taskset`, `chrt -i`: it runs only when nothing else there wants the CPU), and put back as it was afterwards.",
    );
    expect(kdamondText([{ pid: 90 }], undefined)).toBe(
      "The kernel's DAMON monitor (kdamond: pid 90) left where the kernel puts it (it also runs on the servers' CPUs).",
    );
  });

  it('says so when there is none', () => {
    expect(kdamondText([], '1')).toBe('No DAMON monitor (kdamond) runs on this machine.');
  });
});
