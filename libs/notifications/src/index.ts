export * from './mail/mail-sender';
export * from './mail/smtp-mail-sender';
export * from './notification.entity';
export * from './notifications.dispatcher';
export * from './notifications.module';
export * from './notifications.queue';
export * from './notifications.service';
export * from './templates/templates';
