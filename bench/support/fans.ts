// K fans for the drop benchmark. Signing 20,000 fans up through the API would spend minutes in
// argon2, so they are inserted in bulk (one precomputed hash, one session each) and their access
// tokens are signed here with the API's secret, issuer, audience and claims.
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import type { Client } from 'pg';

export interface Fan {
  userId: string;
  sessionId: string;
  token: string;
}

export async function provisionFans(
  db: Client,
  count: number,
  jwtSecret: string,
  tag: string,
): Promise<Fan[]> {
  const passwordHash = await argon2.hash(`bench-fan-password-${tag}`);
  await db.query(
    `INSERT INTO users (email, display_name, password_hash)
     SELECT 'fan-' || g || '-' || $3 || '@bench.example.com', 'Fan ' || g, $1
       FROM generate_series(1, $2) AS g`,
    [passwordHash, count, tag],
  );
  const { rows } = await db.query<{ id: string; user_id: string }>(
    `INSERT INTO auth_sessions (user_id)
     SELECT id FROM users WHERE email LIKE 'fan-%-' || $1 || '@bench.example.com'
     RETURNING id, user_id`,
    [tag],
  );
  const jwt = new JwtService({
    secret: jwtSecret,
    signOptions: {
      algorithm: 'HS256',
      expiresIn: 3600,
      issuer: 'limited-run',
      audience: 'limited-run-api',
    },
  });
  return rows.map((row) => ({
    userId: row.user_id,
    sessionId: row.id,
    token: jwt.sign({ sub: row.user_id, sid: row.id, typ: 'access' }),
  }));
}
