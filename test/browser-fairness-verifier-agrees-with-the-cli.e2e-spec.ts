// The fairness page verifies draws in the browser with Web Crypto; `npm run verify:fairness`
// does it with node:crypto (libs/fairness). Both must reach the same verdict on the same proof,
// honest or tampered. Node's global `crypto` is the same Web Crypto API browsers have.
import { createHash } from 'node:crypto';
import {
  drawProof,
  type FairnessProof,
  pagedManifest,
  type PagedProofManifest,
  proofPage,
  type ProofPage,
  verifyPagedProof as verifyPagedWithNode,
  verifyProof as verifyWithNode,
} from '@limited-run/fairness';
import {
  verifyPagedProof as verifyPagedInBrowser,
  verifyProof as verifyInBrowser,
} from '../apps/web/src/fairness/verify-proof';

const seedOf = (label: string): string => createHash('sha256').update(label).digest('hex');
const clone = (proof: FairnessProof): FairnessProof => JSON.parse(JSON.stringify(proof));

function raffle(): FairnessProof {
  return drawProof({
    kind: 'raffle',
    dropId: 'drop-1',
    seed: seedOf('web-raffle'),
    entries: Array.from({ length: 60 }, (_, i) => ({
      id: `entry-${String((i * 7919) % 1000).padStart(4, '0')}`,
      group: ['size-s', 'size-m', 'size-l'][i % 3],
    })),
    units: { 'size-s': 2, 'size-m': 3, 'size-l': 1 },
    drawnAt: new Date('2030-01-01T12:00:00Z'),
  });
}

const tamperings: Array<[string, (proof: FairnessProof) => void]> = [
  ['a swapped seed', (p) => void (p.seed = seedOf('another'))],
  ['a winner replaced', (p) => void (p.result!.winners![0] = p.result!.order[40])],
  [
    'two places swapped',
    (p) =>
      void ([p.result!.order[0], p.result!.order[1]] = [p.result!.order[1], p.result!.order[0]]),
  ],
  ['an entry added', (p) => void p.entries!.push('entry-9999,size-m')],
  ['an entry dropped', (p) => void p.entries!.splice(3, 1)],
  ['a variant changed', (p) => void (p.entries![0] = `${p.entries![0].split(',')[0]},size-l`)],
  ['a count changed', (p) => void (p.entryCount = 59)],
];

describe('the browser fairness verifier', () => {
  it('matches an honest raffle and a queue, recomputing the same winners', async () => {
    const proof = clone(raffle());
    const browser = await verifyInBrowser(proof);
    expect(browser).toMatchObject({ matches: true, problems: [], entryCount: 60 });
    expect(browser.winners).toEqual(proof.result?.winners);
    const queue = drawProof({
      kind: 'queue',
      dropId: 'drop-2',
      seed: seedOf('queue'),
      entries: Array.from({ length: 25 }, (_, i) => ({ id: `t${i}` })),
      units: {},
      drawnAt: new Date('2030-01-01T12:00:00Z'),
    });
    expect(await verifyInBrowser(clone(queue))).toMatchObject({ matches: true, problems: [] });
  });

  it.each(tamperings)('rejects %s, for the same reasons as the CLI', async (_what, tamper) => {
    const proof = clone(raffle());
    tamper(proof);
    const browser = await verifyInBrowser(proof);
    const node = verifyWithNode(proof);
    expect(node.matches).toBe(false);
    expect(browser.matches).toBe(false);
    expect(browser.problems).toEqual(node.problems);
  });
});

/** The raffle above published in pages of 8 entries (the last one partial: 60 = 7 × 8 + 4). */
function paged(): { manifest: PagedProofManifest; pages: ProofPage[] } {
  const proof = raffle();
  const manifest = pagedManifest(proof, 8);
  const pages = Array.from({ length: manifest.pages.count }, (_, i) => proofPage(proof, i, 8));
  return JSON.parse(JSON.stringify({ manifest, pages })) as ReturnType<typeof paged>;
}

const pageTamperings: Array<[string, (p: ReturnType<typeof paged>) => void]> = [
  ...Array.from({ length: 8 }, (_, i): [string, (p: ReturnType<typeof paged>) => void] => [
    `an entry's variant changed on page ${i}`,
    (p) => {
      const line = p.pages[i].entries[0];
      p.pages[i].entries[0] =
        `${line.split(',')[0]},${line.endsWith('size-l') ? 'size-s' : 'size-l'}`;
    },
  ]),
  [
    'two places swapped within a page',
    (p) =>
      void ([p.pages[2].order[0], p.pages[2].order[1]] = [
        p.pages[2].order[1],
        p.pages[2].order[0],
      ]),
  ],
  ['two pages swapped', (p) => void ([p.pages[1], p.pages[3]] = [p.pages[3], p.pages[1]])],
  ['a page left out', (p) => void p.pages.splice(4, 1)],
  ['an entry dropped from the last page', (p) => void p.pages[7].entries.pop()],
  [
    'a page and its hash both replaced',
    (p) => {
      const honest = p.pages[5];
      honest.order = [...honest.order].reverse();
      p.manifest.pages.hashes[5] = createHash('sha256')
        .update([...honest.entries, ...honest.order].join('\n'))
        .digest('hex');
    },
  ],
  [
    'a winner replaced in the manifest',
    (p) => void (p.manifest.result.winners![0] = p.pages[6].order[0]),
  ],
];

describe('the browser and CLI verifiers on a paged proof', () => {
  it('both match an honest paged proof, recomputing the same winners as the whole proof', async () => {
    const { manifest, pages } = paged();
    expect(manifest.pages.count).toBe(8);
    expect(manifest.entries).toBeNull();
    const node = verifyPagedWithNode(manifest, pages);
    const browser = await verifyPagedInBrowser(manifest, pages);
    expect(node).toMatchObject({ matches: true, problems: [], entryCount: 60 });
    expect(browser).toMatchObject({ matches: true, problems: [], entryCount: 60 });
    expect(browser.winners).toEqual(raffle().result?.winners);
  });

  it.each(pageTamperings)('both reject %s, for the same reasons', async (_what, tamper) => {
    const copy = paged();
    tamper(copy);
    const node = verifyPagedWithNode(copy.manifest, copy.pages);
    const browser = await verifyPagedInBrowser(copy.manifest, copy.pages);
    expect(node.matches).toBe(false);
    expect(browser.matches).toBe(false);
    expect(browser.problems).toEqual(node.problems);
  });
});
