import { useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import { formatInstant } from '../../lib/format';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { usePageTitle } from '../../ui/use-page-title';
import {
  type ProofPage,
  useFairnessProof,
  useProofPages,
  useVerification,
} from '../hooks/fairness';

function Verdict({ text, pages }: { text: string; pages?: readonly ProofPage[] }) {
  const verification = useVerification(text, pages);
  if (verification.isPending) return <Loading label="Recomputing the draw in your browser…" />;
  if (verification.isError) return <ErrorNotice error={verification.error} />;
  const v = verification.data;
  return v.matches ? (
    <div className="verdict verdict-match" role="status">
      <p>✓ The draw checks out</p>
      <p className="muted-inline">
        Recomputed here from the published seed and entries: the order and the winners match.
      </p>
    </div>
  ) : (
    <div className="verdict verdict-mismatch" role="alert">
      <p>✗ This proof does not check out</p>
      <ul>
        {v.problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A draw's public proof, verified in the browser by the published rule: anyone can see that the
 * seed matches the commitment made before entries counted, and recompute the order and winners.
 */
export default function FairnessPage() {
  const { dropId } = useParams<{ dropId: string }>();
  const proof = useFairnessProof(dropId);
  const pageCount = proof.data?.pages?.count;
  const pages = useProofPages(dropId, pageCount);
  const published = proof.data ? JSON.stringify(proof.data, null, 2) : undefined;
  const [draft, setDraft] = useState<string>();
  const [checked, setChecked] = useState<string>();
  usePageTitle('Check the draw');
  useEffect(() => {
    if (published !== undefined) {
      setDraft(published);
      setChecked(published);
    }
  }, [published]);

  if (proof.isPending) return <Loading label="Loading the proof…" />;
  if (proof.isError) return <ErrorNotice error={proof.error} title="No proof for this drop" />;
  const p = proof.data;
  return (
    <article className="stack">
      <h1>Check the draw</h1>
      <p>
        <Link href={`/drop/${dropId}`}>Back to the drop</Link>
      </p>
      {p.seed === null ? (
        <Notice title="Not drawn yet">
          <p>
            The seed is committed to now and revealed at the draw. Commitment (SHA-256 of the seed):{' '}
            <span className="mono">{p.commitment}</span>
          </p>
        </Notice>
      ) : pageCount !== undefined && !pages.isSuccess ? (
        pages.isError ? (
          <ErrorNotice error={pages.error} title="The proof's pages could not be loaded" />
        ) : (
          <Loading label={`Loading the proof's ${pageCount} pages…`} />
        )
      ) : (
        checked !== undefined && <Verdict text={checked} pages={pages.data} />
      )}
      <section aria-labelledby="proof-facts" className="card stack">
        <h2 id="proof-facts">The proof</h2>
        <dl className="attributes">
          <div className="attribute">
            <dt>Kind</dt>
            <dd>{p.kind}</dd>
          </div>
          <div className="attribute">
            <dt>Drawn</dt>
            <dd>{formatInstant(p.drawnAt)}</dd>
          </div>
          <div className="attribute">
            <dt>Entries</dt>
            <dd>{p.entryCount ?? '—'}</dd>
          </div>
          <div className="attribute">
            <dt>Winners</dt>
            <dd>{p.result?.winners?.length ?? '—'}</dd>
          </div>
          {pageCount !== undefined && (
            <div className="attribute">
              <dt>Pages</dt>
              <dd>
                {pageCount} of up to {p.pages?.size} entries, each checked against its hash
              </dd>
            </div>
          )}
          <div className="attribute">
            <dt>Commitment</dt>
            <dd className="mono">{p.commitment}</dd>
          </div>
          <div className="attribute">
            <dt>Seed</dt>
            <dd className="mono">{p.seed ?? 'revealed at the draw'}</dd>
          </div>
        </dl>
        <p className="muted">{p.orderingRule}</p>
      </section>
      {p.seed !== null && draft !== undefined && (
        <section aria-labelledby="check-copy" className="stack">
          <h2 id="check-copy">Check a copy of the proof</h2>
          <p className="muted">
            Paste a proof (or edit this one) and check it: the verdict is computed in this browser.
            {pageCount !== undefined && ' The pages read from the server are checked with it.'}
          </p>
          <label htmlFor="proof-text">Proof (JSON)</label>
          <textarea
            id="proof-text"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            spellCheck={false}
          />
          <button type="button" className="button" onClick={() => setChecked(draft)}>
            Check this proof
          </button>
        </section>
      )}
    </article>
  );
}
