// Many fans at once, for tests that need hundreds or thousands (a waiting room, a raffle).
// Signing up through the API costs an argon2 hash per fan; these fans are written straight to
// the database with a session each, and their access tokens are signed with the API's own
// JwtService, so the access guard treats them exactly as fans who logged in.
import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from 'pg';

export interface CrowdFan {
  id: string;
  email: string;
  sessionId: string;
  bearer: string;
}

export async function createCrowd(
  app: NestFastifyApplication,
  db: Client,
  count: number,
): Promise<CrowdFan[]> {
  const fans = Array.from({ length: count }, () => {
    const id = randomUUID();
    return { id, email: `fan-${id}@example.com`, sessionId: randomUUID() };
  });
  await db.query(
    `INSERT INTO users (id, email, display_name, password_hash)
     SELECT id, email, 'Crowd fan', 'not-a-password-hash'
       FROM unnest($1::uuid[], $2::text[]) AS f(id, email)`,
    [fans.map((f) => f.id), fans.map((f) => f.email)],
  );
  await db.query(
    `INSERT INTO auth_sessions (id, user_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`,
    [fans.map((f) => f.sessionId), fans.map((f) => f.id)],
  );
  const jwt = app.get(JwtService, { strict: false });
  return Promise.all(
    fans.map(async (fan) => ({
      ...fan,
      bearer: `Bearer ${await jwt.signAsync({ sub: fan.id, sid: fan.sessionId, typ: 'access' })}`,
    })),
  );
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i], i);
    }),
  );
  return results;
}
