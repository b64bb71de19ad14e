import { erlangSpawnersText } from './epmd-starter';

describe('erlangSpawnersText', () => {
  it('says where the spawner ran for the run', () => {
    expect(erlangSpawnersText([{ pid: 3033 }], '1')).toBe(
      "RabbitMQ's Erlang port spawner (erl_child_setup: pid 3033), which starts a new Erlang VM every ~61 s, moved to CPU 1 and set to SCHED_IDLE for the run, with every VM it starts, and put back as it was afterwards.",
    );
    expect(erlangSpawnersText([{ pid: 3033 }, { pid: 4100 }], undefined)).toBe(
      "RabbitMQ's Erlang port spawner (erl_child_setup: pid 3033, 4100), which starts a new Erlang VM every ~61 s, left where it is (its VMs also land on the servers' CPUs).",
    );
  });

  it('says nothing where no Erlang VM runs', () => {
    expect(erlangSpawnersText([], '1')).toBe('');
  });
});
