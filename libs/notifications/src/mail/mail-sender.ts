import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { RenderedMessage } from '../templates/templates';

export interface OutgoingMail extends RenderedMessage {
  to: string;
}

/** Port for whatever actually carries mail. */
export abstract class MailSender {
  abstract send(mail: OutgoingMail): Promise<void>;
}

/**
 * Development and test sender: writes the message to the log. An SMTP sender replaces it
 * when order and raffle mail land (checkout and waitlist issues).
 */
@Injectable()
export class LogMailSender extends MailSender {
  constructor(private readonly logger: PinoLogger) {
    super();
    this.logger.setContext('mail');
  }

  send(mail: OutgoingMail): Promise<void> {
    this.logger.info({ to: mail.to, subject: mail.subject, text: mail.text }, 'mail sent');
    return Promise.resolve();
  }
}
