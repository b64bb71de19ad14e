import { affinityList, schedulingArgs } from './set-aside';

describe('affinityList', () => {
  it("reads the CPU list out of taskset's answer", () => {
    expect(affinityList("pid 83's current affinity list: 0,1\n")).toBe('0,1');
    expect(affinityList("pid 83's current affinity list: 0-3\n")).toBe('0-3');
  });

  it('refuses an answer it does not understand', () => {
    expect(() => affinityList('taskset: failed to get pid 83')).toThrow(/unexpected taskset/);
  });
});

describe('schedulingArgs', () => {
  it("turns chrt's answer into the arguments that set the same policy again", () => {
    const answer = (policy: string, priority: number): string =>
      `pid 83's current scheduling policy: ${policy}\npid 83's current scheduling priority: ${priority}\n`;
    expect(schedulingArgs(answer('SCHED_OTHER', 0))).toEqual(['-o', '-p', '0']);
    expect(schedulingArgs(answer('SCHED_IDLE', 0))).toEqual(['-i', '-p', '0']);
    expect(schedulingArgs(answer('SCHED_FIFO', 50))).toEqual(['-f', '-p', '50']);
    expect(schedulingArgs(answer('SCHED_OTHER|SCHED_RESET_ON_FORK', 0))).toEqual(['-o', '-p', '0']);
  });

  it('refuses a policy it could not set back', () => {
    expect(() =>
      schedulingArgs(
        "pid 83's current scheduling policy: SCHED_DEADLINE\npid 83's current scheduling priority: 0",
      ),
    ).toThrow(/unexpected chrt/);
    expect(() => schedulingArgs('chrt: failed to get pid 83')).toThrow(/unexpected chrt/);
  });
});
