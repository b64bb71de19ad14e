import { isApiError } from '../api/api-error';
import { Field } from '../ui/field';

/** The API's per-field messages of a refused request (`details: [{ field, message }]`). */
function fieldErrorsOf(error: unknown): Map<string, string> {
  return new Map(
    isApiError(error) && Array.isArray(error.details)
      ? (error.details as Array<{ field: string; message: string }>).map((d) => [
          d.field,
          d.message,
        ])
      : [],
  );
}

/**
 * Name, email and password of a new account (a fan's sign-up, the first admin), with the
 * API's refusal shown beside each field. The form reads them as `displayName`, `email` and
 * `password`.
 */
export function AccountFields({
  error,
  nameAutoComplete,
}: {
  error: unknown;
  nameAutoComplete: 'name' | 'nickname';
}) {
  const fieldErrors = fieldErrorsOf(error);
  return (
    <>
      <Field
        label="Name"
        name="displayName"
        autoComplete={nameAutoComplete}
        required
        error={fieldErrors.get('displayName')}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        error={fieldErrors.get('email')}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        required
        error={fieldErrors.get('password')}
      />
    </>
  );
}
