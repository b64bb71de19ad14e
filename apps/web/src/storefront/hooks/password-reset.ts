import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';

/** Asks for a reset link; the answer is the same whether or not the account exists. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: async (email: string) => {
      unwrap(await api.POST('/auth/password-reset', { body: { email } }));
    },
  });
}

/** Sets the new password with the mailed token; every session of the account ends. */
export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: async (input: { token: string; password: string }) => {
      unwrap(await api.POST('/auth/password-reset/confirm', { body: input }));
    },
  });
}
