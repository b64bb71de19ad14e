import { renderTemplate } from '@limited-run/notifications';

describe('the collective-invite mail', () => {
  it('names the collective, the role and the inviter, and carries the token', () => {
    const token = 'q3J2mV0a8cXo9Yb1kQe7Zt4RwLs6PnHd5Ui2Fg0Aj8M';
    const mail = renderTemplate('collective-invite', {
      collectiveName: 'Night Shift',
      invitedByName: 'Ana',
      role: 'staff',
      expiresAt: '2026-12-03T10:00:00.000Z',
      token,
    });
    expect(mail.subject).toContain('Night Shift');
    expect(mail.text).toContain('Ana invited you to join Night Shift as staff');
    expect(mail.text).toContain(token);
    expect(mail.text).toContain('2026-12-03T10:00:00.000Z');
  });
});
