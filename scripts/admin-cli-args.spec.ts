import { AdminUsageError, checkAdminPassword, parseAdminArguments } from './admin-cli-args';

describe('admin:create arguments', () => {
  it('normalises the email and defaults the name to its local part', () => {
    expect(parseAdminArguments(['--email', ' Ada@Example.COM '])).toEqual({
      email: 'ada@example.com',
      name: 'ada',
    });
    expect(parseAdminArguments(['--email', 'a@b.io', '--name', ' Ada L '])).toEqual({
      email: 'a@b.io',
      name: 'Ada L',
    });
  });

  it.each([[[]], [['--email', 'nope']], [['--email']], [['--email', 'a@b.io', '--password', 'x']]])(
    'refuses %j with a usage error',
    (argv) => {
      expect(() => parseAdminArguments(argv)).toThrow(AdminUsageError);
    },
  );

  it('keeps the existing password when none is given, and bounds a new one', () => {
    expect(checkAdminPassword('')).toBeUndefined();
    expect(checkAdminPassword('ten chars!')).toBe('ten chars!');
    expect(() => checkAdminPassword('short')).toThrow(/10 to 128 characters/);
    expect(() => checkAdminPassword('x'.repeat(129))).toThrow(AdminUsageError);
  });
});
