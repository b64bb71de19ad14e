import { ApiProperty } from '@nestjs/swagger';
import type { User } from '../user.entity';
import { UserResponse } from './user.response';

/** The result of a login, refresh or password change. */
export class TokenPairResponse {
  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires.' })
  expiresIn: number;

  @ApiProperty({
    required: false,
    description:
      'Single use: exchange it at POST /auth/refresh for a new pair. Left out when the client ' +
      'asked for cookie transport (`X-Session-Transport: cookie`): then it is only in the ' +
      'HttpOnly `lr_refresh` cookie.',
  })
  refreshToken?: string;

  @ApiProperty({ example: '2026-12-26T10:00:00.000Z' })
  refreshTokenExpiresAt: string;

  @ApiProperty({ type: UserResponse })
  user: UserResponse;

  /** With `cookieOnly`, the refresh token stays out of the body (it travels in the cookie). */
  static from(issued: IssuedTokens, cookieOnly = false): TokenPairResponse {
    return {
      tokenType: 'Bearer',
      accessToken: issued.accessToken,
      expiresIn: issued.expiresIn,
      ...(cookieOnly ? {} : { refreshToken: issued.refreshToken }),
      refreshTokenExpiresAt: issued.refreshTokenExpiresAt.toISOString(),
      user: UserResponse.from(issued.user),
    };
  }
}

export interface IssuedTokens {
  sessionId: string;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}
