import { parseProcStat } from './proc-cpu';

describe('parseProcStat', () => {
  it('reads the fields after the last parenthesis, whatever the name holds', () => {
    const line =
      '5437 (Main (Thread) x) S 5436 5437 5437 0 -1 4194560 100 0 0 0 120 30 7 3 20 0 11 0 2835 0 0';
    expect(parseProcStat(line)).toEqual({
      pid: 5437,
      ppid: 5436,
      comm: 'Main (Thread) x',
      ticks: 120 + 30 + 7 + 3,
      childTicks: 7 + 3,
    });
  });

  it('refuses what is not a stat line', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('12 (x) S')).toBeUndefined();
  });
});
