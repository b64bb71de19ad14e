import { parseArgs } from 'node:util';

export interface FlagSpec<I extends string, S extends string, B extends string> {
  /** Positive whole numbers (`--fans 20000`) and their defaults. */
  integers: Record<I, number>;
  strings?: Record<S, string>;
  /** Switches, off unless given (`--profile`). */
  booleans?: readonly B[];
}

export interface Flags<I extends string, S extends string, B extends string> {
  integers: Record<I, number>;
  strings: Record<S, string>;
  booleans: Record<B, boolean>;
}

/** Parses `argv` strictly: an unknown flag or a malformed number is refused, not ignored. */
export function parseFlags<I extends string, S extends string = never, B extends string = never>(
  argv: readonly string[],
  spec: FlagSpec<I, S, B>,
): Flags<I, S, B> {
  const strings = (spec.strings ?? {}) as Record<S, string>;
  const booleans = spec.booleans ?? [];
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const name of [...Object.keys(spec.integers), ...Object.keys(strings)]) {
    options[name] = { type: 'string' };
  }
  for (const name of booleans) options[name] = { type: 'boolean' };
  const { values } = parseArgs({ args: [...argv], options, strict: true });
  const given = values as Record<string, string | boolean | undefined>;

  const integers = { ...spec.integers };
  for (const name of Object.keys(spec.integers) as I[]) {
    const raw = given[name];
    if (raw === undefined) continue;
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) {
      throw new Error(`--${name} must be a positive whole number (got "${String(raw)}")`);
    }
    integers[name] = Number(raw);
  }
  const stringValues = { ...strings };
  for (const name of Object.keys(strings) as S[]) {
    const raw = given[name];
    if (typeof raw === 'string') stringValues[name] = raw;
  }
  const booleanValues = Object.fromEntries(
    booleans.map((name) => [name, given[name] === true]),
  ) as Record<B, boolean>;
  return { integers, strings: stringValues, booleans: booleanValues };
}

/** Only whole-number flags, with defaults (kept for benchmarks that need nothing else). */
export function integerFlags<K extends string>(
  argv: readonly string[],
  defaults: Record<K, number>,
): Record<K, number> {
  return parseFlags(argv, { integers: defaults }).integers;
}
