import { createHash } from 'node:crypto';
import { type FairnessEntry } from './entry-list';
import { drawProof, type FairnessProof } from './proof';
import { commitmentOf } from './seed';
import { verifyProof } from './verify-proof';

const seedOf = (label: string): string => createHash('sha256').update(label).digest('hex');
const clone = (proof: FairnessProof): FairnessProof => JSON.parse(JSON.stringify(proof));

/** A raffle of 40 entries for 3 sizes, 5 units in all, as the database would return them. */
function raffle(seed = seedOf('raffle-1')): FairnessProof {
  const entries: FairnessEntry[] = Array.from({ length: 40 }, (_, i) => ({
    id: `entry-${String((i * 7919) % 1000).padStart(4, '0')}`,
    group: ['size-s', 'size-m', 'size-l'][i % 3],
  }));
  return drawProof({
    kind: 'raffle',
    dropId: 'drop-1',
    seed,
    entries,
    units: { 'size-s': 1, 'size-m': 3, 'size-l': 1 },
    drawnAt: new Date('2030-01-01T12:00:00Z'),
  });
}

describe('verifyProof', () => {
  it('reproduces the winners of a raffle from the public proof alone', () => {
    const proof = clone(raffle());
    const report = verifyProof(proof);
    expect(report).toMatchObject({ matches: true, problems: [], kind: 'raffle', entryCount: 40 });
    expect(report.winners).toEqual(proof.result?.winners);
    expect(proof.result?.winners).toHaveLength(5);
    // Winners are the first entries in drawn order whose size still had a unit.
    const sizeOf = new Map(proof.entries!.map((line) => line.split(',') as [string, string]));
    const won = proof.result!.winners!.map((id) => sizeOf.get(id));
    expect(won.filter((s) => s === 'size-m')).toHaveLength(3);
    expect(won.filter((s) => s === 'size-s')).toHaveLength(1);
  });

  it('publishes entries in canonical order whatever order they arrived in', () => {
    const proof = raffle();
    expect(proof.entries).toEqual([...proof.entries!].sort());
    expect(proof.commitment).toBe(commitmentOf(proof.seed!));
    expect(proof.entryListHash).toBe(
      createHash('sha256').update(proof.entries!.join('\n')).digest('hex'),
    );
  });

  it('reports a mismatch when the seed is changed (even with a matching commitment)', () => {
    const changed = clone(raffle());
    changed.seed = seedOf('another seed');
    const report = verifyProof(changed);
    expect(report.matches).toBe(false);
    expect(report.problems).toContain(
      'the seed does not match the commitment published before the draw',
    );

    // Recommitting to the new seed does not help: the published order no longer follows.
    changed.commitment = commitmentOf(changed.seed);
    const again = verifyProof(changed);
    expect(again.matches).toBe(false);
    expect(again.problems.join('\n')).toMatch(/result\.order differs/);
  });

  it('reports a mismatch when one entry is changed, removed or added', () => {
    const replaced = clone(raffle());
    replaced.entries![3] = replaced.entries![3].replace(/,size-.$/, ',size-x');
    expect(verifyProof(replaced).problems).toContain(
      'entryListHash does not match the listed entries',
    );

    const removed = clone(raffle());
    removed.entries!.splice(10, 1);
    const report = verifyProof(removed);
    expect(report.matches).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        'entryCount is 40 but 39 entries are listed',
        'entryListHash does not match the listed entries',
      ]),
    );

    const added = clone(raffle());
    added.entries!.push('zzz-late-entry,size-m');
    expect(verifyProof(added).matches).toBe(false);
  });

  it('reports a mismatch when the order or the winners are changed', () => {
    const swapped = clone(raffle());
    const order = swapped.result!.order;
    [order[0], order[1]] = [order[1], order[0]];
    const report = verifyProof(swapped);
    expect(report.matches).toBe(false);
    expect(report.problems[0]).toMatch(/^result\.order differs .* at position 1:/);

    const winners = clone(raffle());
    winners.result!.winners = [...winners.result!.winners!].reverse();
    expect(verifyProof(winners).problems.join('\n')).toMatch(/result\.winners differs/);

    const reordered = clone(raffle());
    [reordered.entries![0], reordered.entries![1]] = [reordered.entries![1], reordered.entries![0]];
    expect(verifyProof(reordered).problems).toEqual([
      'entries are not in canonical order (sorted by id, each once) at entry 1',
    ]);
  });

  it('reports a mismatch when the units are changed', () => {
    const proof = clone(raffle());
    proof.result!.units['size-l'] = 4;
    expect(verifyProof(proof).problems.join('\n')).toMatch(/result\.winners differs/);
  });

  it('verifies a waiting-room queue shuffle', () => {
    const proof = drawProof({
      kind: 'queue',
      dropId: 'drop-2',
      seed: seedOf('queue'),
      entries: Array.from({ length: 25 }, (_, i) => ({ id: `ticket-${i}` })),
      units: { 'variant-a': 10 },
      drawnAt: new Date(),
    });
    expect(verifyProof(clone(proof))).toMatchObject({ matches: true, kind: 'queue' });
    const tampered = clone(proof);
    tampered.result!.order.reverse();
    expect(verifyProof(tampered).matches).toBe(false);
  });

  it('refuses what is not a revealed proof, saying why', () => {
    expect(verifyProof('nope').problems).toEqual(['the proof is not a JSON object']);
    const unrevealed = { ...clone(raffle()), seed: null, result: null };
    expect(verifyProof(unrevealed).problems).toEqual([
      'the seed is not revealed yet: nothing can be verified before the draw',
    ]);
    expect(verifyProof({ ...clone(raffle()), version: 2 }).problems).toEqual([
      'unknown proof version 2',
    ]);
  });
});
