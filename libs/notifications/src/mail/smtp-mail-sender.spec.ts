import { startSmtpCatcher, type SmtpCatcher } from '../../../../test/support/smtp-catcher';
import { SmtpMailSender } from './smtp-mail-sender';

describe('SmtpMailSender (nodemailer) against a real SMTP server on loopback', () => {
  let catcher: SmtpCatcher;

  beforeEach(async () => {
    catcher = await startSmtpCatcher();
  });
  afterEach(async () => {
    await catcher.stop();
  });

  it('delivers the rendered message with our From address', async () => {
    const sender = new SmtpMailSender(catcher.url, 'Limited Run <orders@limited-run.test>');
    await sender.send({
      to: 'fan@example.com',
      subject: 'Your order: Afterhours LP — #17 of 250',
      text: 'Thank you for your order.\nSerial: #17 of 250\n',
    });
    sender.onApplicationShutdown();

    expect(catcher.messages).toHaveLength(1);
    const [mail] = catcher.messages;
    expect(mail.from).toBe('orders@limited-run.test');
    expect(mail.to).toEqual(['fan@example.com']);
    expect(mail.subject).toBe('Your order: Afterhours LP — #17 of 250');
    expect(mail.text).toContain('Serial: #17 of 250');
  });

  it('fails the send when the server is unreachable, so the outbox retries it', async () => {
    const url = catcher.url;
    await catcher.stop();
    const sender = new SmtpMailSender(url, 'orders@limited-run.test');
    await expect(sender.send({ to: 'fan@example.com', subject: 'x', text: 'y' })).rejects.toThrow();
    sender.onApplicationShutdown();
    catcher = await startSmtpCatcher();
  });
});
