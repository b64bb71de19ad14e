// Accounts for end-to-end tests, made the way users make them: sign-up and login through the
// API. Only the admin role is set in the database (as the admin CLI would).
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';
import request from 'supertest';

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** `Authorization` header value for supertest's `.set()`. */
  bearer: string;
}

export interface AccountOptions {
  role?: 'fan' | 'admin';
  email?: string;
  displayName?: string;
  password?: string;
}

export async function createAccount(
  app: NestFastifyApplication,
  db: Client,
  options: AccountOptions = {},
): Promise<TestAccount> {
  const email = options.email ?? `user-${randomUUID()}@example.com`;
  const password = options.password ?? `pw-${randomUUID()}`;
  const signUp = await request(app.getHttpServer())
    .post('/auth/signup')
    .send({ email, password, displayName: options.displayName ?? email.split('@')[0] });
  if (signUp.status !== 201) {
    throw new Error(`sign-up failed: ${signUp.status} ${JSON.stringify(signUp.body)}`);
  }
  const id = (signUp.body as { user: { id: string } }).user.id;
  if (options.role === 'admin')
    await db.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [id]);
  return { id, email: email.toLowerCase(), password, ...(await login(app, email, password)) };
}

export async function login(
  app: NestFastifyApplication,
  email: string,
  password: string,
): Promise<Pick<TestAccount, 'accessToken' | 'refreshToken' | 'bearer'>> {
  const res = await request(app.getHttpServer()).post('/auth/login').send({ email, password });
  if (res.status !== 200)
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as { accessToken: string; refreshToken: string };
  return {
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    bearer: `Bearer ${body.accessToken}`,
  };
}
