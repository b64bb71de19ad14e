import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LogMailSender, MailSender } from './mail/mail-sender';
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
    { provide: MailSender, useClass: LogMailSender },
  ],
  exports: [NotificationsService, NotificationsDispatcher, MailSender],
})
export class NotificationsModule {}
