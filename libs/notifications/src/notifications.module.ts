import { ConfigValidationError, PlatformConfig } from '@limited-run/platform';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { LogMailSender, MailSender } from './mail/mail-sender';
import { SmtpMailSender } from './mail/smtp-mail-sender';
import { Notification } from './notification.entity';
import { NotificationsDispatcher } from './notifications.dispatcher';
import { NOTIFICATIONS_QUEUE } from './notifications.queue';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Notification]),
    BullModule.registerQueue({ name: NOTIFICATIONS_QUEUE }),
  ],
  providers: [
    NotificationsService,
    NotificationsDispatcher,
    {
      // SMTP when SMTP_URL is set; otherwise messages go to the log (development, tests).
      // Never in production: the log would carry invite and sign-in links to whoever reads it.
      provide: MailSender,
      inject: [PlatformConfig, PinoLogger],
      useFactory: (config: PlatformConfig, logger: PinoLogger): MailSender => {
        const url = config.get('SMTP_URL');
        if (url) return new SmtpMailSender(url, config.get('MAIL_FROM'));
        if (config.get('NODE_ENV') === 'production') {
          throw new ConfigValidationError([
            'SMTP_URL: is required in production (mail would otherwise be written to the log)',
          ]);
        }
        return new LogMailSender(logger);
      },
    },
  ],
  exports: [NotificationsService, NotificationsDispatcher, MailSender],
})
export class NotificationsModule {}
