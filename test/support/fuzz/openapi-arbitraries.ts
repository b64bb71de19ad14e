// Requests generated from the API's own OpenAPI document (`/docs-json`) with fast-check: every
// operation, its path and query parameters and its JSON body, each value either shaped by its
// schema or hostile (NUL, lone surrogates, huge numbers, deep nesting, wrong types, odd id
// spellings). Used by the fuzz test that CI runs and by `npm run fuzz` for longer runs.
import fc from 'fast-check';

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Operation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
}

/** One operation of the document, as `METHOD /path/{param}`. */
export interface FuzzOperation {
  key: string;
  method: string;
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: Schema }>;
  body?: Schema;
}

/** Real things the generator may name, so requests reach past "not found". */
export interface FuzzFixture {
  ids: Record<string, string>;
  collective: string;
}

export interface FuzzRequest {
  operation: string;
  method: string;
  url: string;
  caller: string;
  headers: Record<string, string>;
  /** A JSON text, or undefined for no body. */
  body?: string;
}

/** Strings that have broken servers: NUL, lone surrogates, huge, template and path tricks. */
export const HOSTILE_STRINGS = [
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ufeff',
  '%00',
  '../../etc/passwd',
  "' OR 1=1 --",
  '${jndi:ldap://127.0.0.1/x}',
  '<script>alert(1)</script>',
  '{{7*7}}',
  'NaN',
  '-0',
  '1e20',
  '9'.repeat(40),
  'x'.repeat(10_000),
  '🎶'.repeat(300),
];

export const HOSTILE_NUMBERS = [0, -1, -0, 1.5, 1e20, -1e20, 2 ** 31, 2 ** 53, Number.MAX_VALUE];

/** Other spellings of an id: Postgres reads most of them as the same uuid. */
const idSpellings = (id: string): string[] => [
  id,
  id.toUpperCase(),
  `{${id}}`,
  id.replace(/-/g, ''),
  `urn:uuid:${id}`,
  `${id}%00`,
];

/**
 * Percent-encodes a path segment; a lone surrogate, which `encodeURIComponent` refuses, goes out
 * as the bytes a hostile client would send for it (invalid UTF-8: ED A0 80).
 */
function encodePathSegment(segment: string): string {
  const lone = /([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/;
  return segment
    .split(lone)
    .map((part, i) => (i % 2 === 1 ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** The operations of the document, minus those whose answer is an endless stream. */
export function operationsOf(
  doc: OpenApiDocument,
  skip: (key: string) => boolean,
): FuzzOperation[] {
  const out: FuzzOperation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      const streams = Object.values(op.responses ?? {}).some(
        (r) => r.content && 'text/event-stream' in r.content,
      );
      if (streams || skip(key)) continue;
      out.push({
        key,
        method: method.toUpperCase(),
        path,
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        query: (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' } })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/** Builds arbitraries for one document and fixture. */
export class RequestArbitraries {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly fixture: FuzzFixture,
    private readonly callers: string[],
  ) {}

  request(operations: FuzzOperation[]): fc.Arbitrary<FuzzRequest> {
    return fc.constantFrom(...operations).chain((op) =>
      fc
        .record({
          caller: fc.constantFrom(...this.callers),
          path: fc.tuple(...op.pathParams.map((name) => this.pathValue(name))),
          query: this.query(op),
          body: op.body ? this.body(op.body) : fc.constant(undefined),
          idempotencyKey: fc.oneof(fc.uuid(), fc.constantFrom(...HOSTILE_STRINGS.slice(0, 8))),
        })
        .map(({ caller, path, query, body, idempotencyKey }) => {
          let url = op.path;
          op.pathParams.forEach((name, i) => {
            url = url.replace(`{${name}}`, encodePathSegment(path[i]));
          });
          const search = new URLSearchParams(query).toString();
          const headers: Record<string, string> = {};
          if (op.method !== 'GET') headers['content-type'] = 'application/json';
          // Node refuses control characters in headers: those stay in bodies and paths.
          if (!/[\u0000-\u001f\u007f-\uffff]/.test(idempotencyKey)) {
            headers['idempotency-key'] = idempotencyKey;
          }
          return {
            operation: op.key,
            method: op.method,
            url: search ? `${url}?${search}` : url,
            caller,
            headers,
            body,
          };
        }),
    );
  }

  private pathValue(name: string): fc.Arbitrary<string> {
    if (name === 'collective') {
      return fc.oneof(
        { weight: 4, arbitrary: fc.constant(this.fixture.collective) },
        { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s !== '')) },
      );
    }
    const id = this.fixture.ids[name];
    return fc.oneof(
      { weight: 3, arbitrary: id ? fc.constantFrom(...idSpellings(id)) : fc.uuid() },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s !== '')) },
      { weight: 1, arbitrary: fc.integer({ min: -5, max: 1e9 }).map(String) },
    );
  }

  private query(op: FuzzOperation): fc.Arbitrary<Record<string, string>> {
    if (op.query.length === 0) return fc.constant({});
    const entries = op.query.map(({ name, schema }) =>
      fc.option(
        this.value(schema, 2).map((v) => [name, typeof v === 'string' ? v : JSON.stringify(v)]),
        { freq: 2 },
      ),
    );
    return fc
      .tuple(...entries)
      .map((pairs) => Object.fromEntries(pairs.filter((p): p is string[] => p !== null)));
  }

  private body(schema: Schema): fc.Arbitrary<string | undefined> {
    return fc.oneof(
      { weight: 12, arbitrary: this.value(schema, 0).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(nested(100_000), nested(40), '['.repeat(5000)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('{"a":', 'null', '[]', '"x"', '1e400', '{"__proto__":{"x":1}}'),
      },
    );
  }

  /** A value for `schema`: mostly of its shape, sometimes hostile, sometimes the wrong type. */
  value(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const resolved = this.resolve(schema);
    const shaped = this.shaped(resolved, depth);
    return fc.oneof(
      { weight: 8, arbitrary: shaped },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(...HOSTILE_STRINGS, ...HOSTILE_NUMBERS) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<unknown>(null, true, [], {}, [1, 2], { a: { b: 1 } }),
      },
    );
  }

  private shaped(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const variants = schema.allOf ?? schema.oneOf ?? schema.anyOf;
    if (variants && variants.length > 0) {
      return fc.oneof(...variants.map((s) => this.shaped(this.resolve(s), depth)));
    }
    if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type ?? 'object') {
      case 'string':
        return this.string(schema);
      case 'integer':
      case 'number':
        return fc.oneof(
          fc.integer({
            min: Math.max(schema.minimum ?? -10, -1_000_000),
            max: Math.min(schema.maximum ?? 1000, 1_000_000),
          }),
          fc.constantFrom(...HOSTILE_NUMBERS),
        );
      case 'boolean':
        return fc.boolean();
      case 'array':
        if (depth > 4) return fc.constant([]);
        return fc.array(this.value(schema.items ?? {}, depth + 1), { maxLength: 4 });
      case 'object':
      default:
        return this.object(schema, depth);
    }
  }

  private string(schema: Schema): fc.Arbitrary<string> {
    if (schema.format === 'uuid') {
      const known = Object.values(this.fixture.ids).flatMap(idSpellings);
      return fc.oneof(fc.constantFrom(...known), fc.uuid());
    }
    if (schema.format === 'date-time') {
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    }
    if (schema.format === 'email') {
      return fc.oneof(fc.emailAddress(), fc.constantFrom('a@b.c', 'A\u0000@b.co'));
    }
    return fc.oneof(
      fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 200),
      }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom(...HOSTILE_STRINGS),
    );
  }

  private object(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const properties = schema.properties ?? {};
    const names = Object.keys(properties);
    if (names.length === 0 || depth > 4) {
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), {
        maxKeys: 4,
      });
    }
    const record = fc.record(
      Object.fromEntries(names.map((n) => [n, this.value(properties[n], depth + 1)])),
      { requiredKeys: (schema.required ?? []).filter((n) => names.includes(n)) },
    );
    // Sometimes a field the schema does not know (the validator must refuse it).
    return fc.oneof(
      { weight: 5, arbitrary: record },
      {
        weight: 1,
        arbitrary: record.map((r) => ({ ...(r as object), ['unexpected\u0000field']: 1 })),
      },
    );
  }

  private resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; current.$ref && hops < 10; hops++) {
      const name = current.$ref.split('/').pop() ?? '';
      current = this.doc.components?.schemas?.[name] ?? {};
    }
    return current;
  }
}
