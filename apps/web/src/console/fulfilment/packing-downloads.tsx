import { useState } from 'react';
import { SelectField } from '../../ui/select-field';
import { ErrorNotice } from '../../ui/status';
import {
  downloadPackingFile,
  PACKING_FILES,
  type PackingFile,
  type PackingScope,
} from './fulfilment-hooks';

/** A drop's packing list and address labels, as CSV and printable PDF (docs/shipping.md). */
export function PackingDownloads({ collective, dropId }: { collective: string; dropId: string }) {
  const [scope, setScope] = useState<PackingScope>('open');
  const [busy, setBusy] = useState<PackingFile>();
  const [error, setError] = useState<unknown>();
  const download = (file: PackingFile) => {
    setBusy(file);
    setError(undefined);
    void downloadPackingFile(collective, dropId, file, scope)
      .catch(setError)
      .finally(() => setBusy(undefined));
  };
  return (
    <section className="card stack" aria-labelledby="packing-heading">
      <h2 id="packing-heading">Packing</h2>
      <p className="hint">
        Grouped by variant and edition number, so “#17 of 250” goes into the parcel of the order
        that owns #17. The CSV files keep every character; the PDFs print on A4 (labels: 14 a
        sheet).
      </p>
      <SelectField
        label="Parcels"
        value={scope}
        onChange={(e) => setScope(e.target.value as PackingScope)}
        choices={[
          { value: 'open', label: 'Still to send (unfulfilled and packed)' },
          { value: 'all', label: 'Every paid order not returned' },
        ]}
      />
      <div className="row">
        {PACKING_FILES.map(({ file, label }) => (
          <button
            key={file}
            type="button"
            className="button secondary button-small"
            disabled={busy !== undefined}
            onClick={() => download(file)}
          >
            {busy === file ? `Preparing ${label}…` : `Download ${label}`}
          </button>
        ))}
      </div>
      {error !== undefined && (
        <ErrorNotice error={error} title="The file could not be downloaded" />
      )}
    </section>
  );
}
