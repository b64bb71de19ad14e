/** Previous/next for a list, with where we are said in words. */
export function Pager({
  label,
  summary,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
  previousLabel = 'Previous page',
  nextLabel = 'Next page',
}: {
  label: string;
  previousLabel?: string;
  nextLabel?: string;
  summary?: string;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  return (
    <nav aria-label={label} className="pager row">
      <button
        type="button"
        className="button secondary button-small"
        disabled={!hasPrevious}
        onClick={onPrevious}
      >
        {previousLabel}
      </button>
      {summary && <p className="muted pager-summary">{summary}</p>}
      <button
        type="button"
        className="button secondary button-small"
        disabled={!hasNext}
        onClick={onNext}
      >
        {nextLabel}
      </button>
    </nav>
  );
}

/** "21–40 of 120" for an offset page. */
export function pageSummary(offset: number, shown: number, total: number): string {
  if (total === 0) return 'None';
  return `${offset + 1}–${offset + shown} of ${total}`;
}
