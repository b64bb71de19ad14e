// The machines this bench runs on also run RabbitMQ, whose epmd check starts a whole new Erlang
// VM (`beam.smp -sname epmd-starter-<n> … -s erlang halt`) every ~60.6 s. Each VM takes 240–390 ms
// of CPU within ~0.4 s, on whichever CPU it lands: on the servers' CPU that is half of the API's
// core for ~0.4 s, an episode of ~100 ms at 80 % of capacity (docs/benchmarks.md, fifteenth
// session). The VMs are forked by the Erlang VM's port spawner, `erl_child_setup`, and inherit its
// CPUs and policy, so setting the spawner aside for the run (set-aside.ts) sets every VM it
// starts aside too. RabbitMQ itself is left alone.
import { pidsNamed } from './set-aside';

/** Every Erlang port spawner (`erl_child_setup`) running on the machine. */
export function findErlangSpawners(): Array<{ pid: number }> {
  return pidsNamed((comm) => comm === 'erl_child_setup').map((pid) => ({ pid }));
}

/** What the Setup line says about them; nothing where none runs. */
export function erlangSpawnersText(
  spawners: ReadonlyArray<{ pid: number }>,
  movedTo: string | undefined,
): string {
  if (spawners.length === 0) return '';
  const pids = spawners.map((s) => s.pid).join(', ');
  return (
    `RabbitMQ's Erlang port spawner (erl_child_setup: pid ${pids}), which starts a new Erlang VM every ~61 s, ` +
    (movedTo === undefined
      ? "left where it is (its VMs also land on the servers' CPUs)."
      : `moved to CPU ${movedTo} and set to SCHED_IDLE for the run, with every VM it starts, and put back as it was afterwards.`)
  );
}
