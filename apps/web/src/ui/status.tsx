import type { ReactNode } from 'react';
import { isApiError } from '../api/api-error';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}

type Tone = 'info' | 'success' | 'warning' | 'danger';

/** A message box; `alert` for what the fan must notice now (announced at once). */
export function Notice({
  tone = 'info',
  title,
  children,
  alert = false,
}: {
  tone?: Tone;
  title?: string;
  children?: ReactNode;
  alert?: boolean;
}) {
  return (
    <div className={`notice notice-${tone}`} role={alert ? 'alert' : 'status'}>
      {title && <p className="notice-title">{title}</p>}
      {children}
    </div>
  );
}

/** What went wrong, in the API's own words when it said. */
export function ErrorNotice({
  error,
  title = 'Something went wrong',
}: {
  error: unknown;
  title?: string;
}) {
  const message = isApiError(error)
    ? error.message
    : error instanceof Error
      ? error.message
      : 'Please try again.';
  return (
    <Notice tone="danger" title={title} alert>
      <p>{message}</p>
    </Notice>
  );
}
