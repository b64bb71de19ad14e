import { describeDuration, formatDuration } from '../../lib/format';

/**
 * Time left until `target` on the server's clock. The visible digits tick every second; screen
 * readers get a calmer summary (minutes, then seconds in the last minute) so they are not
 * flooded with announcements.
 */
export function Countdown({ target, now, label }: { target: string; now: number; label: string }) {
  const left = Date.parse(target) - now;
  const spoken =
    left > 60_000 ? Math.ceil(left / 60_000) * 60_000 : Math.ceil(left / 10_000) * 10_000;
  return (
    <div>
      <p className="eyebrow">{label}</p>
      <p className="countdown" aria-hidden="true">
        {formatDuration(left)}
      </p>
      <p className="visually-hidden" role="timer" aria-live="polite">
        {left > 0 ? `${label} in ${describeDuration(spoken)}` : `${label} now`}
      </p>
    </div>
  );
}
