import { renderTemplate } from '@limited-run/notifications';

describe('the collective-invite mail', () => {
  const token = 'q3J2mV0a8cXo9Yb1kQe7Zt4RwLs6PnHd5Ui2Fg0Aj8M';
  const payload = {
    collectiveName: 'Night Shift',
    invitedByName: 'Ana',
    role: 'staff',
    expiresAt: '2026-12-03T10:00:00.000Z',
  };

  it('names the collective, the role and the inviter, and links to the console accept page', () => {
    const link = `https://limited.example/console/invites/accept?token=${token}`;
    const mail = renderTemplate('collective-invite', { ...payload, link });
    expect(mail.subject).toContain('Night Shift');
    expect(mail.text).toContain('Ana invited you to join Night Shift as staff');
    expect(mail.text).toContain(`\n${link}\n`);
    expect(mail.text).not.toContain('accept with this token');
    expect(mail.text).toContain('2026-12-03T10:00:00.000Z');
  });

  it('still shows the token of an invite queued before mails carried a link', () => {
    const mail = renderTemplate('collective-invite', { ...payload, token });
    expect(mail.text).toContain(`accept with this token:\n\n${token}\n`);
  });
});
