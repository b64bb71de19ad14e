import { useId, useRef, useState, type FormEvent } from 'react';
import { textField } from '../lib/form-data';
import { ErrorNotice } from './status';

/**
 * A button that asks before it acts: a modal dialog (native <dialog>: focus moves in, Escape
 * cancels, focus returns) that says what will happen and, when `noteLabel` is given, takes a
 * required note. The dialog stays open with the API's error when the action fails.
 */
export function ConfirmAction({
  label,
  title,
  description,
  confirmLabel,
  noteLabel,
  tone = 'primary',
  onConfirm,
  buttonLabel,
}: {
  /** The button's text. */
  label: string;
  /** Its accessible name when the text alone is ambiguous in a list ("Suspend ana@…"). */
  buttonLabel?: string;
  title: string;
  description: string;
  confirmLabel: string;
  noteLabel?: string;
  tone?: 'primary' | 'danger';
  onConfirm: (note: string) => Promise<unknown>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const buttonClass = `button button-small${tone === 'danger' ? ' danger' : ' secondary'}`;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const note = textField(new FormData(event.currentTarget), 'note').trim();
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm(note);
      dialog.current?.close();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className={buttonClass}
        aria-label={buttonLabel}
        onClick={() => {
          setError(undefined);
          dialog.current?.showModal();
        }}
      >
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} className="confirm-dialog">
        <form onSubmit={(event) => void submit(event)} className="stack">
          <h2 id={`${id}-title`}>{title}</h2>
          <p>{description}</p>
          {noteLabel && (
            <div className="field">
              <label htmlFor={`${id}-note`}>{noteLabel}</label>
              <textarea id={`${id}-note`} name="note" required maxLength={500} rows={3} />
            </div>
          )}
          {error !== undefined && <ErrorNotice error={error} title="Not done" />}
          <div className="row">
            <button
              type="submit"
              className={`button${tone === 'danger' ? ' danger' : ''}`}
              disabled={busy}
            >
              {confirmLabel}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => dialog.current?.close()}
            >
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
