import {
  attributeLabel,
  attributeValue,
  formatDay,
  formatMoney,
  isLaterDay,
} from '../../lib/format';
import type { DropLine, LineCounters } from '../hooks/drops';

function Attributes({ values }: { values: Record<string, unknown> }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return null;
  return (
    <dl className="attributes">
      {entries.map(([name, value]) => (
        <div key={name} className="attribute">
          <dt>{attributeLabel(name)}</dt>
          <dd>{attributeValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Units left of a line: the stream's figure when it has spoken, else the page's. */
export const availableOf = (line: DropLine, counters: Record<string, LineCounters>): number =>
  counters[line.variant.id]?.available ?? line.remaining;

/**
 * Every line of the drop as one radio group: item, variant, attributes (whatever the kind
 * defines), edition, price and the live counter. Choosing is keyboard-operable like any radio
 * group; the counters are announced politely as they change.
 */
export function LinePicker({
  lines,
  counters,
  selected,
  onSelect,
  disabled,
}: {
  lines: DropLine[];
  counters: Record<string, LineCounters>;
  selected: string | undefined;
  onSelect: (variantId: string) => void;
  disabled: boolean;
}) {
  return (
    <fieldset className="stack plain-fieldset">
      <legend className="eyebrow">Choose what you want</legend>
      <ul className="variant-list">
        {lines.map((line) => {
          const available = availableOf(line, counters);
          const id = `line-${line.variant.id}`;
          return (
            <li key={line.id} className="variant">
              <input
                type="radio"
                name="variant"
                id={id}
                value={line.variant.id}
                checked={selected === line.variant.id}
                onChange={() => onSelect(line.variant.id)}
                disabled={disabled || available === 0}
                aria-describedby={`${id}-counter`}
              />
              <label htmlFor={id}>
                <strong>
                  {line.item.title} — {line.variant.label}
                </strong>
                <br />
                <span>{formatMoney(line.priceMinor, line.currency)}</span>
                <span className="muted">
                  {' · '}
                  {line.variant.numbered
                    ? `numbered edition of ${line.variant.editionSize}`
                    : `edition of ${line.variant.editionSize}`}
                </span>
                {isLaterDay(line.item.expectedShipDate) && (
                  <span className="ships-from">
                    <br />
                    Pre-release: ships from {formatDay(line.item.expectedShipDate)}
                  </span>
                )}
                <Attributes values={{ ...line.item.attributes, ...line.variant.attributes }} />
              </label>
              <p className="counter" id={`${id}-counter`} aria-live="polite">
                {available === 0 ? 'Sold out' : `${available} left`}
                <br />
                <span className="muted">of {line.allocated}</span>
              </p>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
