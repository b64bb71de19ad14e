import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'wouter';
import { isApiError } from '../../api/api-error';
import { Field } from '../../ui/field';
import { ErrorNotice, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import { textField } from '../../lib/form-data';
import { useConfirmPasswordReset, useRequestPasswordReset } from '../hooks/password-reset';

/** One route for both steps: the mailed link adds `?token=…`, which switches to the second. */
export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  return token ? <ChooseNewPassword token={token} /> : <RequestLink />;
}

function RequestLink() {
  usePageTitle('Reset your password');
  const request = useRequestPasswordReset();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    request.mutate(textField(new FormData(event.currentTarget), 'email'));
  };

  return (
    <section className="page narrow">
      <h1>Reset your password</h1>
      {request.isSuccess ? (
        <Notice tone="success" title="Check your email">
          <p>We&apos;ve sent a link if the account exists. It works once and expires in an hour.</p>
        </Notice>
      ) : (
        <>
          <p>Enter the email address you signed up with and we will mail you a link.</p>
          {request.isError && <ErrorNotice error={request.error} title="Could not send a link" />}
          <form onSubmit={submit} noValidate>
            <Field label="Email" name="email" type="email" autoComplete="email" required />
            <button className="button button-wide" type="submit" disabled={request.isPending}>
              {request.isPending ? 'Sending…' : 'Send me a link'}
            </button>
          </form>
        </>
      )}
      <p>
        <Link href="/signin">Back to sign in</Link>
      </p>
    </section>
  );
}

/** A link that can no longer be used needs a new one, not another try. */
const DEAD_LINK_CODES = [
  'PASSWORD_RESET_TOKEN_INVALID',
  'PASSWORD_RESET_TOKEN_USED',
  'PASSWORD_RESET_TOKEN_EXPIRED',
];

function ChooseNewPassword({ token }: { token: string }) {
  usePageTitle('Choose a new password');
  const confirm = useConfirmPasswordReset();
  const deadLink =
    confirm.isError && DEAD_LINK_CODES.some((code) => isApiError(confirm.error, code));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    confirm.mutate({ token, password: textField(new FormData(event.currentTarget), 'password') });
  };

  if (confirm.isSuccess) {
    return (
      <section className="page narrow">
        <h1>Password changed</h1>
        <Notice tone="success" title="Your new password is set">
          <p>You have been signed out everywhere. Sign in with your new password.</p>
        </Notice>
        <p>
          <Link href="/signin">Sign in</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="page narrow">
      <h1>Choose a new password</h1>
      {confirm.isError && <ErrorNotice error={confirm.error} title="Could not change it" />}
      {deadLink ? (
        <p>
          <Link href="/reset-password">Request a new link</Link>
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="10 to 128 characters."
            required
          />
          <button className="button button-wide" type="submit" disabled={confirm.isPending}>
            {confirm.isPending ? 'Saving…' : 'Set new password'}
          </button>
        </form>
      )}
    </section>
  );
}
