import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/api-error';
import type { components } from '../../api/schema.gen';
import { verifyPagedProof, verifyProof } from '../../fairness/verify-proof';

export type FairnessProof = components['schemas']['FairnessProofResponse'];
export type ProofPage = components['schemas']['ProofPageResponse'];

export function useFairnessProof(dropId: string) {
  return useQuery({
    queryKey: ['drops', dropId, 'fairness'],
    queryFn: async () =>
      unwrap(await api.GET('/drops/{drop}/fairness', { params: { path: { drop: dropId } } })),
  });
}

/**
 * Every page of a large draw's proof, fetched one after another (each a stored, cacheable
 * file), once the manifest says there are pages.
 */
export function useProofPages(dropId: string, count: number | undefined) {
  return useQuery({
    queryKey: ['drops', dropId, 'fairness', 'pages', count],
    enabled: count !== undefined,
    staleTime: Infinity,
    queryFn: async () => {
      const pages: ProofPage[] = [];
      for (let page = 0; page < (count ?? 0); page++) {
        pages.push(
          unwrap(
            await api.GET('/drops/{drop}/fairness/pages/{page}', {
              params: { path: { drop: dropId, page } },
            }),
          ),
        );
      }
      return pages;
    },
  });
}

/**
 * The verdict on a proof, computed here in the browser (Web Crypto), never asked of the server.
 * A manifest (with `pages`) is checked together with the pages read from the server.
 */
export function useVerification(proofText: string | undefined, pages?: readonly ProofPage[]) {
  return useQuery({
    // The pages are immutable once read: their number keys them (hashing 200,000 ids would not).
    queryKey: ['verification', proofText, pages?.length],
    enabled: proofText !== undefined,
    staleTime: Infinity,
    queryFn: async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(proofText ?? '');
      } catch {
        return { matches: false, problems: ['the proof is not valid JSON'] };
      }
      const paged = typeof parsed === 'object' && parsed !== null && 'pages' in parsed;
      return paged ? verifyPagedProof(parsed, pages ?? []) : verifyProof(parsed);
    },
  });
}
