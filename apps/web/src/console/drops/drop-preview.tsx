import { formatInstant, RELEASE_MODE_LABELS } from '../../lib/format';
import { useServerNow } from '../../lib/use-now';
import { StateBadge } from '../../ui/state-badge';
import { Countdown } from '../../storefront/components/countdown';
import { LinePicker } from '../../storefront/components/line-picker';
import type { DropLine } from '../../storefront/hooks/drops';

export interface DraftForPreview {
  collectiveName: string;
  name: string;
  description: string;
  releaseMode: string;
  startsAt: string | null;
  endsAt: string | null;
  earlyAccessStartsAt: string | null;
  lines: DropLine[];
}

/**
 * What fans will see on the drop page once it is scheduled, drawn with the storefront's own
 * components from the draft as it stands in the form.
 */
export function DropPreview({ draft }: { draft: DraftForPreview }) {
  const now = useServerNow();
  const opensAt = draft.earlyAccessStartsAt ?? draft.startsAt;
  const units = draft.lines.reduce((sum, line) => sum + line.allocated, 0);
  return (
    <section className="card stack drop-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">What fans will see</h2>
      <p className="eyebrow">{draft.collectiveName}</p>
      <h3>{draft.name || 'Untitled drop'}</h3>
      <p className="row">
        <StateBadge state="scheduled" />
        <span className="muted">{RELEASE_MODE_LABELS[draft.releaseMode]}</span>
        <span className="muted">
          {units} of {units} left
        </span>
      </p>
      {draft.description && <p>{draft.description}</p>}
      {opensAt && (
        <Countdown
          target={opensAt}
          now={now}
          label={draft.earlyAccessStartsAt ? 'Early access opens' : 'Opens'}
        />
      )}
      {draft.startsAt && (
        <p className="muted">
          Opens <time dateTime={draft.startsAt}>{formatInstant(draft.startsAt)}</time>
          {draft.endsAt && (
            <>
              {' · '}ends <time dateTime={draft.endsAt}>{formatInstant(draft.endsAt)}</time>
            </>
          )}
        </p>
      )}
      {draft.lines.length === 0 ? (
        <p className="muted">No lines yet: choose units of a variant.</p>
      ) : (
        <LinePicker
          lines={draft.lines}
          counters={{}}
          selected={undefined}
          onSelect={() => undefined}
          disabled
        />
      )}
    </section>
  );
}
