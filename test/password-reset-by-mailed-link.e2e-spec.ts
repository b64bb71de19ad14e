import './support/env/payments-offline';
import './support/env/generous-rate-limits';
import request from 'supertest';
import { createAccount, login, type TestAccount } from './support/accounts';
import { type SmtpCatcher, startSmtpCatcher } from './support/smtp-catcher';
import { eventually, useApiOnTestDatabase } from './support/test-app';

const SUBJECT = /Reset your Limited Run password/;

describe('password reset by a mailed single-use link', () => {
  let mail: SmtpCatcher;
  // The catcher listens before the stack boots and stops after it (hooks run in this order).
  beforeAll(async () => {
    mail = await startSmtpCatcher(Number(new URL(process.env.SMTP_URL ?? '').port));
  });
  const ctx = useApiOnTestDatabase({ worker: true });
  afterAll(async () => {
    await mail?.stop();
  });

  const http = () => request(ctx.app.getHttpServer());
  const resetMails = (email: string) => mail.to(email).filter((m) => SUBJECT.test(m.subject));

  /** Requests a link and returns the token of the newest mail, read from the link itself. */
  async function mailedToken(fan: TestAccount): Promise<string> {
    const before = resetMails(fan.email).length;
    await http().post('/auth/password-reset').send({ email: fan.email }).expect(202);
    const message = await eventually(() => Promise.resolve(resetMails(fan.email)[before]));
    const link = /(https?:\/\/\S+\/reset-password\?token=\S+)/.exec(message.text)?.[1];
    expect(link).toBeDefined();
    const url = new URL(link ?? '');
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:3000/reset-password');
    return url.searchParams.get('token') ?? '';
  }

  const confirm = (token: string, password: string) =>
    http().post('/auth/password-reset/confirm').send({ token, password });

  const passwordHashOf = async (userId: string) =>
    (
      await ctx.db.query<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE id = $1',
        [userId],
      )
    ).rows[0].password_hash;

  it('resets through the mailed link: the old password and every old session are refused, the link works once', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const otherDevice = await login(ctx.app, fan.email, fan.password);
    const token = await mailedToken(fan);

    // Only the hash is stored, and the sent mail's copy of the link is dropped.
    const { rows } = await ctx.db.query<{ token_hash: string; expires_at: Date }>(
      'SELECT token_hash, expires_at FROM password_reset_tokens',
    );
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    const ttlMs = rows[0].expires_at.getTime() - Date.now();
    expect(ttlMs).toBeGreaterThan(55 * 60_000);
    expect(ttlMs).toBeLessThanOrEqual(60 * 60_000);
    await eventually(async () => {
      const sent = await ctx.db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM notifications WHERE template = 'password-reset' AND status = 'sent'`,
      );
      return sent.rows[0];
    }).then((row) => expect(row.payload).not.toHaveProperty('link'));

    const newPassword = 'a brand new pass phrase';
    await confirm(token, newPassword).expect(204);

    await http().post('/auth/login').send({ email: fan.email, password: fan.password }).expect(401);
    await http().get('/me').set('authorization', fan.bearer).expect(401);
    await http().get('/me').set('authorization', otherDevice.bearer).expect(401);
    await http().post('/auth/refresh').send({ refreshToken: otherDevice.refreshToken }).expect(401);
    const fresh = await login(ctx.app, fan.email, newPassword);
    await http().get('/me').set('authorization', fresh.bearer).expect(200);

    const hash = await passwordHashOf(fan.id);
    const reuse = await confirm(token, 'yet another pass phrase').expect(400);
    expect(reuse.body.error.code).toBe('PASSWORD_RESET_TOKEN_USED');
    expect(await passwordHashOf(fan.id)).toBe(hash);
    // The session opened after the reset is untouched by the refused reuse.
    await http().get('/me').set('authorization', fresh.bearer).expect(200);
  });

  it('12 concurrent confirms of one token: exactly one sets the password', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const token = await mailedToken(fan);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => confirm(token, `racing pass phrase ${i}`)),
    );
    const won = answers.filter((a) => a.status === 204);
    const refused = answers.filter((a) => a.status === 400);
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(11);
    for (const a of refused) expect(a.body.error.code).toBe('PASSWORD_RESET_TOKEN_USED');
    const winner = answers.findIndex((a) => a.status === 204);
    await login(ctx.app, fan.email, `racing pass phrase ${winner}`);
    const losers = [...Array(12).keys()].filter((i) => i !== winner);
    const tries = await Promise.all(
      losers.slice(0, 3).map((i) =>
        http()
          .post('/auth/login')
          .send({ email: fan.email, password: `racing pass phrase ${i}` }),
      ),
    );
    for (const t of tries) expect(t.status).toBe(401);
  });

  it('an unknown email gets the same 202 and no mail, and writes nothing', async () => {
    const unknown = 'nobody-here@example.com';
    const fan = await createAccount(ctx.app, ctx.db);
    const tokensBefore = (await ctx.db.query('SELECT 1 FROM password_reset_tokens')).rowCount;
    const forUnknown = await http().post('/auth/password-reset').send({ email: unknown });
    const forKnown = await http().post('/auth/password-reset').send({ email: fan.email });
    expect(forUnknown.status).toBe(202);
    expect(forKnown.status).toBe(202);
    expect(forUnknown.body).toEqual(forKnown.body);
    // The known address's mail went out after the unknown one's request: none is coming.
    await eventually(() => Promise.resolve(resetMails(fan.email)[0]));
    expect(mail.to(unknown)).toHaveLength(0);
    const notes = await ctx.db.query('SELECT 1 FROM notifications WHERE recipient_email = $1', [
      unknown,
    ]);
    expect(notes.rowCount).toBe(0);
    expect((await ctx.db.query('SELECT 1 FROM password_reset_tokens')).rowCount).toBe(
      (tokensBefore ?? 0) + 1,
    );
  });

  it('a newer link replaces older unused ones; an expired or unknown token is refused and writes nothing', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const older = await mailedToken(fan);
    const newer = await mailedToken(fan);
    const hash = await passwordHashOf(fan.id);

    const replaced = await confirm(older, 'some other pass phrase').expect(400);
    expect(replaced.body.error.code).toBe('PASSWORD_RESET_TOKEN_USED');

    await ctx.db.query(
      `UPDATE password_reset_tokens SET expires_at = now() - interval '1 second'
        WHERE user_id = $1 AND revoked_at IS NULL`,
      [fan.id],
    );
    const expired = await confirm(newer, 'some other pass phrase').expect(400);
    expect(expired.body.error.code).toBe('PASSWORD_RESET_TOKEN_EXPIRED');

    const unknown = await confirm('x'.repeat(43), 'some other pass phrase').expect(400);
    expect(unknown.body.error.code).toBe('PASSWORD_RESET_TOKEN_INVALID');

    expect(await passwordHashOf(fan.id)).toBe(hash);
    const used = await ctx.db.query(
      'SELECT 1 FROM password_reset_tokens WHERE user_id = $1 AND used_at IS NOT NULL',
      [fan.id],
    );
    expect(used.rowCount).toBe(0);
    await http().get('/me').set('authorization', fan.bearer).expect(200);
  });

  it('holds a new password to the sign-up rules', async () => {
    const fan = await createAccount(ctx.app, ctx.db);
    const token = await mailedToken(fan);
    const short = await confirm(token, 'short').expect(400);
    expect(short.body.error.code).toBe('VALIDATION_FAILED');
    // The refused attempt did not use the link up.
    await confirm(token, 'long enough pass phrase').expect(204);
  });
});
