// Stripe's request encoding, read back: `line_items[0][price_data][unit_amount]=2500` into
// nested objects and arrays (the SDK's `stringifyRequestData`, inverted). Values stay strings,
// as Stripe receives them.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = { [key: string]: FormValue };

function decode(part: string): string {
  return decodeURIComponent(part.replace(/\+/g, ' '));
}

/** `a[b][0]` → `['a', 'b', '0']`. */
function pathOf(key: string): string[] {
  const head = key.split('[', 1)[0];
  const rest = [...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
  return [head, ...rest];
}

const isIndex = (segment: string): boolean => /^\d+$/.test(segment);

export function parseFormParams(body: string): FormParams {
  const root: FormParams = {};
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const path = pathOf(key);
    let node: FormValue = root;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      const container = node as Record<string, FormValue>;
      if (last) {
        container[segment] = value;
        break;
      }
      if (container[segment] === undefined || typeof container[segment] === 'string') {
        container[segment] = isIndex(path[i + 1]) ? [] : {};
      }
      node = container[segment];
    }
  }
  return root;
}

/** A canonical string of the parameters, for comparing a replayed request with the first one. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
