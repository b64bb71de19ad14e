import type { OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { MailSender, type OutgoingMail } from './mail-sender';

/** Bounded, so a stuck mail server fails the delivery job (which Bull retries) instead of hanging it. */
const SMTP_TIMEOUT_MS = 15_000;

/**
 * Sends mail through an SMTP server (`SMTP_URL`, e.g. `smtp://user:pass@mail.example.com:587`).
 * A failed send throws, so the outbox row stays pending and its delivery job is retried.
 */
export class SmtpMailSender extends MailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(url: string, from: string) {
    super();
    const options: SMTPTransport.Options = {
      url,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    };
    this.transport = createTransport(options, { from });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
