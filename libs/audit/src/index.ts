export * from './audit-entry';
export * from './audit-event.entity';
export * from './audit-log.service';
export * from './audit.errors';
export * from './audit.module';
export * from './dto/audit-event.response';
export * from './dto/list-audit-events.query';
