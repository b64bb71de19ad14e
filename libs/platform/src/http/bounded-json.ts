import { RequestValidationError } from '../errors/domain-error';

/**
 * How deep a JSON body may nest. Our deepest DTO (a drop's lines, an item's variants with their
 * attributes) needs fewer than ten levels and a Stripe event about eight; the limit refuses the
 * body before `JSON.parse` and class-transformer recurse through it (docs/design.md, invariant 7:
 * 100,000 levels overflowed the stack and held the event loop for ~400 ms).
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting in a JSON text, found in one pass over its bytes without building
 * anything; stops as soon as `limit` is passed. Brackets inside strings do not count.
 */
export function jsonDepthExceeds(body: Buffer, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

export class JsonTooDeepError extends RequestValidationError {
  constructor() {
    super([{ field: 'body', message: `JSON may nest at most ${MAX_JSON_DEPTH} levels deep` }]);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string Postgres refuses (NUL) or that cannot be encoded as UTF-8 (a lone surrogate). */
export const isUnstorable = (text: string): boolean =>
  text.includes('\u0000') || LONE_SURROGATE.test(text);

/**
 * Where a value holds a string Postgres cannot store or that is not well-formed Unicode: a NUL
 * character, or half of a surrogate pair. Returns the first offending path, or undefined.
 */
export function findUnstorableString(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') {
    return isUnstorable(value) ? path || 'value' : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const here = path ? `${path}.${key}` : key;
    if (isUnstorable(key)) return here;
    const found = findUnstorableString(inner, here);
    if (found) return found;
  }
  return undefined;
}

/** The furthest a listing can be paged: deeper pages cost a scan of everything before them. */
export const MAX_PAGE = 10_000;
