import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, hex: the secret that decides an order, published only after the entries close. */
export const SEED_BYTES = 32;

const SEED_PATTERN = /^[0-9a-f]{64}$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function generateSeed(): string {
  return randomBytes(SEED_BYTES).toString('hex');
}

export function isSeed(value: unknown): value is string {
  return typeof value === 'string' && SEED_PATTERN.test(value);
}

export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_PATTERN.test(value);
}

/**
 * The commitment published before any entry can count: SHA-256 of the seed's 32 bytes (not of
 * its hex text), lower-case hex. `echo -n <seed> | xxd -r -p | sha256sum` reproduces it.
 */
export function commitmentOf(seed: string): string {
  if (!isSeed(seed)) throw new Error('a seed is 64 lower-case hex characters');
  return createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex');
}
