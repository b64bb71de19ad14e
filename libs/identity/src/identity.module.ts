import { NotificationsModule } from '@limited-run/notifications';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityController } from './identity.controller';
import { IdentityService } from './identity.service';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User]), NotificationsModule],
  controllers: [IdentityController],
  providers: [IdentityService, PasswordHasher],
  exports: [IdentityService, PasswordHasher],
})
export class IdentityModule {}
