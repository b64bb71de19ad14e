import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';
import { verifyProof } from '../../fairness/verify-proof';

export type FairnessProof = components['schemas']['FairnessProofResponse'];

export function useFairnessProof(dropId: string) {
  return useQuery({
    queryKey: ['drops', dropId, 'fairness'],
    queryFn: async () =>
      unwrap(await api.GET('/drops/{drop}/fairness', { params: { path: { drop: dropId } } })),
  });
}

/** The verdict on a proof, computed here in the browser (Web Crypto), never asked of the server. */
export function useVerification(proofText: string | undefined) {
  return useQuery({
    queryKey: ['verification', proofText],
    enabled: proofText !== undefined,
    staleTime: Infinity,
    queryFn: async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(proofText ?? '');
      } catch {
        return { matches: false, problems: ['the proof is not valid JSON'] };
      }
      return verifyProof(parsed);
    },
  });
}
