import { useState } from 'react';
import { ErrorNotice, Loading, Notice } from '../../ui/status';
import { useCancelDrop, useCancellationPreview } from './drop-hooks';

/**
 * Cancelling is shown with its consequences first (from the API's own count), then confirmed;
 * the cancel itself is the airtight one: holds end, checkouts expire, entries close, and
 * nothing can be sold afterwards; paid orders stay valid.
 */
export function CancelDrop({ collective, dropId }: { collective: string; dropId: string }) {
  const [asked, setAsked] = useState(false);
  const preview = useCancellationPreview(collective, dropId, asked);
  const cancel = useCancelDrop(collective, dropId);
  return (
    <section className="card stack" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">Cancel this drop</h2>
      {!asked && (
        <button type="button" className="button danger" onClick={() => setAsked(true)}>
          Cancel drop…
        </button>
      )}
      {asked && preview.isPending && <Loading label="Counting what cancelling would end…" />}
      {asked && preview.isError && <ErrorNotice error={preview.error} />}
      {asked && preview.data && !cancel.isSuccess && (
        <div className="stack">
          <p>Cancelling now would:</p>
          <ul aria-label="What cancelling would do">
            <li>end {preview.data.activeHolds} active holds</li>
            <li>expire {preview.data.openCheckouts} open checkouts</li>
            <li>void {preview.data.raffleEntries} raffle entries</li>
            <li>close {preview.data.waitlistEntries} waitlist places</li>
            <li>
              keep {preview.data.paidOrders} paid orders valid (refund them one by one if you wish)
            </li>
            <li>return {preview.data.unitsReturnedToEditions} units to their editions</li>
          </ul>
          <div className="row">
            <button
              type="button"
              className="button danger"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate()}
            >
              Yes, cancel the drop
            </button>
            <button type="button" className="button secondary" onClick={() => setAsked(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {cancel.isError && <ErrorNotice error={cancel.error} title="The drop was not cancelled" />}
      {cancel.isSuccess && (
        <Notice tone="success" alert>
          The drop is cancelled: its holds have ended and fans have been told.
        </Notice>
      )}
    </section>
  );
}
