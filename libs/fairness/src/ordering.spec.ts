import { createHash, createHmac } from 'node:crypto';
import { orderIds, raffleWinners } from './ordering';

const seedOf = (label: string): string => createHash('sha256').update(label).digest('hex');

describe('orderIds', () => {
  it('sorts by HMAC-SHA256(seed bytes, id), as any other implementation would', () => {
    const seed = seedOf('rule');
    const ids = Array.from({ length: 200 }, (_, i) => `id-${i}`);
    const mac = (id: string) =>
      createHmac('sha256', Buffer.from(seed, 'hex')).update(id).digest('hex');
    const expected = [...ids].sort((a, b) => (mac(a) < mac(b) ? -1 : mac(a) > mac(b) ? 1 : 0));
    expect(orderIds(seed, ids)).toEqual(expected);
  });

  it('does not depend on the order the ids are given in', () => {
    const seed = seedOf('input order');
    const ids = Array.from({ length: 500 }, (_, i) => `e${i}`);
    expect(orderIds(seed, [...ids].reverse())).toEqual(orderIds(seed, ids));
  });

  it('gives an unrelated order for another seed', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `e${i}`);
    const a = orderIds(seedOf('a'), ids);
    const b = orderIds(seedOf('b'), ids);
    const samePlace = a.filter((id, i) => b[i] === id).length;
    expect(samePlace).toBeLessThan(5);
  });

  /*
   * The shuffle must not favour early or late entrants. 2,000 draws of 100 entries whose ids
   * sort in arrival order (the worst case for any bias from id order), each with its own fixed
   * seed: the outcome is deterministic, so the bounds below cannot flake, and they are wide
   * enough that a fair shuffle passes with any seeds (5 standard deviations), narrow enough that
   * a shuffle putting the first entrant first one draw in ten fails (mean position 44.6, not 49.5).
   */
  describe('statistics over 2,000 fixed-seed draws of 100 entries', () => {
    const DRAWS = 2000;
    const N = 100;
    const ids = Array.from({ length: N }, (_, i) => `entrant-${String(i).padStart(3, '0')}`);
    const positionSum = new Float64Array(N);
    const firstByDecile = new Array<number>(10).fill(0);
    const topTenByDecile = new Array<number>(10).fill(0);
    let correlationSum = 0;
    beforeAll(() => {
      for (let draw = 0; draw < DRAWS; draw++) {
        const order = orderIds(seedOf(`fairness-statistics-${draw}`), ids);
        let covariance = 0;
        order.forEach((id, position) => {
          const arrival = Number(id.slice(-3));
          positionSum[arrival] += position;
          covariance += (arrival - (N - 1) / 2) * (position - (N - 1) / 2);
          if (position === 0) firstByDecile[Math.floor(arrival / 10)]++;
          if (position < 10) topTenByDecile[Math.floor(arrival / 10)]++;
        });
        // Spearman's rho between arrival and drawn position (both are ranks 0..N-1).
        correlationSum += covariance / ((N * (N * N - 1)) / 12);
      }
    });

    it('every arrival position lands, on average, in the middle of the order', () => {
      const expectedMean = (N - 1) / 2;
      // One entrant's position is uniform on 0..99: sd 28.87; the mean of 2,000 draws: 0.645.
      const bound = 5 * (Math.sqrt((N * N - 1) / 12) / Math.sqrt(DRAWS));
      for (let arrival = 0; arrival < N; arrival++) {
        expect(Math.abs(positionSum[arrival] / DRAWS - expectedMean)).toBeLessThan(bound);
      }
      const firstTen = positionSum.slice(0, 10).reduce((a, b) => a + b) / (10 * DRAWS);
      const lastTen = positionSum.slice(90).reduce((a, b) => a + b) / (10 * DRAWS);
      expect(Math.abs(firstTen - lastTen)).toBeLessThan(2);
    });

    it('winners come from every tenth of the arrival order alike (chi-square)', () => {
      const chiSquare = (counts: number[], total: number): number =>
        counts.reduce((sum, c) => sum + (c - total / 10) ** 2 / (total / 10), 0);
      // 9 degrees of freedom: 27.88 is the 0.1% critical value.
      expect(chiSquare(firstByDecile, DRAWS)).toBeLessThan(27.88);
      expect(chiSquare(topTenByDecile, DRAWS * 10)).toBeLessThan(27.88);
    });

    it('drawn position is uncorrelated with arrival', () => {
      // Spearman's rho of one draw has sd 1/sqrt(N-1) ≈ 0.1; averaged over 2,000: ≈ 0.0022.
      expect(Math.abs(correlationSum / DRAWS)).toBeLessThan(
        5 * (1 / Math.sqrt(N - 1) / Math.sqrt(DRAWS)),
      );
    });
  });
});

describe('raffleWinners', () => {
  it('gives each variant its units in drawn order, passing over entries whose variant ran out', () => {
    const groupOf = new Map<string, string>([
      ['a', 'M'],
      ['b', 'M'],
      ['c', 'L'],
      ['d', 'M'],
      ['e', 'L'],
      ['f', 'S'],
    ]);
    expect(raffleWinners(['a', 'b', 'd', 'c', 'e', 'f'], groupOf, { M: 2, L: 1, S: 0 })).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(raffleWinners(['d', 'a'], groupOf, { M: 5 })).toEqual(['d', 'a']);
  });
});
