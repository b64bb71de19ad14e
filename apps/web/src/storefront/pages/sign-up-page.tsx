import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { session } from '../../auth/session';
import { AccountFields } from '../../auth/account-fields';
import { ErrorNotice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { textField } from '../../lib/form-data';
import { safeReturnPath } from '../return-path';

export default function SignUpPage() {
  usePageTitle('Create an account');
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
      await session.signUp(
        textField(form, 'email'),
        textField(form, 'password'),
        textField(form, 'displayName'),
      );
      navigate(safeReturnPath(params.get('next')));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page narrow">
      <h1>Create an account</h1>
      {error !== undefined && <ErrorNotice error={error} title="Could not create the account" />}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <AccountFields error={error} nameAutoComplete="nickname" />
        <button className="button button-wide" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have one? <Link href={`/signin${window.location.search}`}>Sign in</Link>
      </p>
    </section>
  );
}
