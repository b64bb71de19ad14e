import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { isApiError } from '../../api/api-error';
import { session } from '../../auth/session';
import { textField } from '../../lib/form-data';
import { AccountFields } from '../../auth/account-fields';
import { ErrorNotice, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';

/**
 * A fresh install's first admin, by the one-time link printed in the `npm start` banner (or the
 * API's log at boot): `/setup?token=…`. Once an admin exists the API refuses every further use.
 */
export default function SetupPage() {
  usePageTitle('Set up Limited Run');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [, navigate] = useLocation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  if (isApiError(error, 'SETUP_ALREADY_DONE')) {
    return (
      <SetupClosed title="This platform is already set up">
        <p>An admin account exists, so this link no longer works. Sign in instead.</p>
      </SetupClosed>
    );
  }
  if (!token || isApiError(error, 'SETUP_TOKEN_INVALID')) {
    return (
      <SetupClosed title="This setup link is not valid">
        <p>
          It is missing its token, was mistyped, was already used, or has expired (links last 24
          hours). Restart the platform (<code>npm start</code>) while no admin exists to print a new
          one, or create the admin with <code>npm run admin:create</code>.
        </p>
      </SetupClosed>
    );
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await session.setUpFirstAdmin({
        token,
        email: textField(form, 'email'),
        password: textField(form, 'password'),
        displayName: textField(form, 'displayName'),
      });
      navigate('/monitor');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page narrow">
      <h1>Create the first admin</h1>
      <p>
        This account runs the platform: it creates collectives, invites their owners and watches
        every drop. The link works once.
      </p>
      {error !== undefined && <ErrorNotice error={error} title="Could not create the admin" />}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <AccountFields error={error} nameAutoComplete="name" />
        <button className="button button-wide" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create admin and sign in'}
        </button>
      </form>
    </section>
  );
}

function SetupClosed({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="page narrow">
      <h1>Set up Limited Run</h1>
      <Notice tone="warning" title={title}>
        {children}
      </Notice>
      <p>
        <Link href="/signin">Sign in</Link>
      </p>
    </section>
  );
}
