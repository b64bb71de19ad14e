/** Integer minor units and a currency, as the fan reads money. */
export function formatMoney(minor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(
    minor / 10 ** digits,
  );
}

export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** A calendar day (`YYYY-MM-DD`) as the fan reads it, e.g. "15 Mar 2027"; no time zone moves it. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/**
 * A pre-release date still ahead (`YYYY-MM-DD` after today, UTC, as the API counts): the item
 * does not ship before it.
 */
export const isLaterDay = (day: string | null | undefined, now = Date.now()): day is string =>
  typeof day === 'string' && day > new Date(now).toISOString().slice(0, 10);

/** "2 d 03:04:05" style, for countdowns and timers. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hh = String(Math.floor((total % 86_400) / 3600)).padStart(2, '0');
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const ss = String(total % 60).padStart(2, '0');
  return days > 0 ? `${days} d ${hh}:${mm}:${ss}` : `${hh}:${mm}:${ss}`;
}

/** The same, spoken: what a screen reader announces. */
export function describeDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const parts: string[] = [];
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  let rest = total;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return parts.length > 0 ? parts.slice(0, 2).join(' ') : '0 seconds';
}

export const DROP_STATE_LABELS: Record<string, string> = {
  scheduled: 'Upcoming',
  early_access: 'Early access',
  live: 'Live',
  sold_out: 'Sold out',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export const RELEASE_MODE_LABELS: Record<string, string> = {
  first_come: 'First come, first served',
  waitlist_first: 'Waitlist first',
  raffle: 'Raffle',
};

/** `weightGrams` → "Weight grams": attributes read the same for every kind of item. */
export function attributeLabel(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

export function attributeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(attributeValue).join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** "#17 of 250" */
export const formatSerial = (serial: number, editionSize: number): string =>
  `#${serial} of ${editionSize}`;
