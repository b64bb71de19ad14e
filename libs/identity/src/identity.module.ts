import { AuditModule } from '@limited-run/audit';
import { NotificationsModule } from '@limited-run/notifications';
import { PlatformConfig } from '@limited-run/platform';
import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from './auth/access.guard';
import { AdminTickets } from './auth/admin-tickets';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokens } from './auth/access-tokens';
import { AuthStateCache } from './auth/auth-state.cache';
import { AdminAuditController } from './admin-audit.controller';
import { AdminUsersController } from './admin-users.controller';
import { AuthController } from './auth.controller';
import { IdentityService } from './identity.service';
import { MeController } from './me.controller';
import { PasswordHasher } from './password-hasher';
import { PasswordResetToken } from './password-reset/password-reset-token.entity';
import { PasswordResetService } from './password-reset/password-reset.service';
import { FirstAdminSetupService } from './setup/first-admin-setup.service';
import { SetupController } from './setup/setup.controller';
import { SetupToken } from './setup/setup-token.entity';
import { AuthSession } from './sessions/auth-session.entity';
import { RefreshToken } from './sessions/refresh-token.entity';
import { SessionsService } from './sessions/sessions.service';
import { User } from './user.entity';
import { UserAdministrationService } from './users/user-administration.service';

const ISSUER = ACCESS_TOKEN_ISSUER;
const AUDIENCE = ACCESS_TOKEN_AUDIENCE;

@Module({
  imports: [
    TypeOrmModule.forFeature([User, AuthSession, RefreshToken, PasswordResetToken, SetupToken]),
    NotificationsModule,
    AuditModule,
    JwtModule.registerAsync({
      inject: [PlatformConfig],
      useFactory: (config: PlatformConfig) => ({
        // A KeyObject made once: given a string, jsonwebtoken first tries to parse it as a
        // public key on every verify, which cost ~40 % of the hold path's CPU (bench:drop).
        secret: createSecretKey(Buffer.from(config.get('JWT_SECRET') ?? '', 'utf8')),
        signOptions: {
          algorithm: 'HS256',
          expiresIn: config.get('ACCESS_TOKEN_TTL_SECONDS'),
          issuer: ISSUER,
          audience: AUDIENCE,
        },
        // Pinned, so a token claiming `alg: none` or another key type is refused.
        verifyOptions: { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE },
      }),
    }),
  ],
  controllers: [
    AuthController,
    MeController,
    AdminUsersController,
    AdminAuditController,
    SetupController,
  ],
  providers: [
    IdentityService,
    PasswordHasher,
    AccessTokens,
    AuthStateCache,
    AdminTickets,
    SessionsService,
    PasswordResetService,
    UserAdministrationService,
    FirstAdminSetupService,
    // Global: every route of the app needs a token unless marked @Public().
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [IdentityService, PasswordHasher, SessionsService, AdminTickets, FirstAdminSetupService],
})
export class IdentityModule {}
