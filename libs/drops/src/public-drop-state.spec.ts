import { publicDropState } from './public-drop-state';

describe('publicDropState', () => {
  const at = new Date('2026-12-01T12:00:00Z');
  const before = new Date('2026-12-01T11:00:00Z');
  const after = new Date('2026-12-01T13:00:00Z');

  it('shows an open early-access window of a waitlist_first drop as early_access', () => {
    const drop = {
      state: 'scheduled',
      releaseMode: 'waitlist_first',
      earlyAccessStartsAt: at,
    } as const;
    expect(publicDropState(drop, before)).toBe('scheduled');
    expect(publicDropState(drop, at)).toBe('early_access');
    expect(publicDropState(drop, after)).toBe('early_access');
  });

  it('passes the stored state through otherwise, and hides drafts', () => {
    const base = { releaseMode: 'first_come', earlyAccessStartsAt: null } as const;
    expect(publicDropState({ ...base, state: 'draft' }, at)).toBeNull();
    for (const state of ['scheduled', 'live', 'sold_out', 'closed', 'cancelled'] as const) {
      expect(publicDropState({ ...base, state }, at)).toBe(state);
    }
  });
});
