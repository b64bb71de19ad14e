import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { session } from '../../auth/session';
import { Field } from '../../ui/field';
import { ErrorNotice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { textField } from '../../lib/form-data';
import { safeReturnPath } from '../return-path';

export default function SignInPage() {
  usePageTitle('Sign in');
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await session.signIn(textField(form, 'email'), textField(form, 'password'));
      navigate(safeReturnPath(params.get('next')));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page narrow">
      <h1>Sign in</h1>
      {error !== undefined && <ErrorNotice error={error} title="Could not sign in" />}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <button className="button button-wide" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <Link href={`/signup${window.location.search}`}>Create an account</Link>
      </p>
      <p>
        <Link href="/reset-password">Forgot your password?</Link>
      </p>
    </section>
  );
}
