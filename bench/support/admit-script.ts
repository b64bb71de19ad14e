// The one Redis Lua call the ceilings make per hold request: the same shape as the admission
// gate's (replay check, per-fan limit, check-and-decrement of the variant's counter, SET of the
// idempotency key). Shared by bench/bare-redis-server.ts and bench/ceilings/nest-redis-server.ts.

export const ADMIT = `
local prior = redis.call('GET', KEYS[3])
if prior then return {'replay', prior} end
local available = redis.call('HGET', KEYS[1], ARGV[1])
if not available then return {'unknown_variant'} end
available = tonumber(available)
local quantity = tonumber(ARGV[2])
local owned = tonumber(redis.call('HGET', KEYS[2], ARGV[3]) or '0')
if owned + quantity > tonumber(ARGV[4]) then return {'limit'} end
if available < quantity then return {'sold_out'} end
redis.call('HINCRBY', KEYS[1], ARGV[1], -quantity)
redis.call('HINCRBY', KEYS[2], ARGV[3], quantity)
redis.call('SET', KEYS[3], ARGV[5], 'EX', 86400, 'NX')
return {'admitted'}
`;

export interface AdmitCommands {
  benchAdmit(available: string, fans: string, key: string, ...args: string[]): Promise<string[]>;
}

export const DECLINES: Record<string, [number, string]> = {
  unknown_variant: [404, 'VARIANT_NOT_IN_DROP'],
  limit: [422, 'LIMIT_REACHED'],
  sold_out: [409, 'SOLD_OUT'],
  replay: [201, 'REPLAYED'],
};

/** The fan's id from the token's payload, unverified: this server measures Redis, not auth. */
export function fanOf(authorization: string | undefined): string {
  const payload = authorization?.split('.')[1];
  if (!payload) return 'anonymous';
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : 'anonymous';
  } catch {
    return 'anonymous';
  }
}
