/** CORS_ORIGINS as a list: exact origins (`https://shop.example.com`), empty for none. */
export function parseCorsOrigins(value: string): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

/** True when every entry is a bare http(s) origin: scheme, host and optional port, no path. */
export function areCorsOrigins(value: string): boolean {
  return parseCorsOrigins(value).every((origin) => {
    try {
      const url = new URL(origin);
      return /^https?:$/.test(url.protocol) && url.origin === origin;
    } catch {
      return false;
    }
  });
}
